import type { AuditEventDraft } from '../../domain/audit.js';
import { toResetError } from '../../domain/errors.js';
import type { ResetRequest } from '../../domain/request.js';
import type { StepDeps } from '../service-deps.js';

/** How long an outcome write keeps trying by default: long enough to outlast a burst of writes. */
export const OUTCOME_RETRY_MS = 20_000;
const FIRST_WAIT_MS = 100;
const LONGEST_WAIT_MS = 2_000;

type Written = Awaited<ReturnType<StepDeps['store']['updateRequest']>>;

/**
 * Records the outcome of a reset IAM has carried out. Losing that write to a busy store would
 * leave the request EXECUTING for the reconciler, so a failed write is tried again with backoff
 * for `outcomeRetryMs` (the approver has long been answered "working on it"); only a store that
 * stays down that long makes it fail. A try whose answer was lost may have been written: a
 * refusal on retry is checked against the stored request before it counts.
 * Resolves with the written events, or undefined when an earlier try turned out to have written them.
 */
export async function writeOutcome(
  deps: StepDeps,
  input: { executing: ResetRequest; finished: ResetRequest; events: readonly AuditEventDraft[] },
): Promise<Written | undefined> {
  const budgetMs = deps.outcomeRetryMs ?? OUTCOME_RETRY_MS;
  const startedAt = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.store.updateRequest(input.executing, input.finished, input.events);
    } catch (error) {
      const code = toResetError(error).code;
      if (attempt > 1 && code === 'REQUEST_ALREADY_HANDLED' && (await alreadyWritten(deps, input.finished))) {
        return undefined;
      }
      const wait = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      if (code !== 'AUDIT_STORE_UNAVAILABLE' || performance.now() - startedAt + wait > budgetMs) throw error;
      deps.logger.warn(
        { requestId: input.executing.id, attempt, code },
        'outcome not written yet; trying again',
      );
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

async function alreadyWritten(deps: StepDeps, finished: ResetRequest): Promise<boolean> {
  const stored = await deps.store.getRequest(finished.id).catch(() => undefined);
  return stored?.version === finished.version && stored.state === finished.state;
}
