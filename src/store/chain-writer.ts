import type { AuditEvent } from '../domain/audit.js';
import { ResetError } from '../domain/errors.js';
import { MAX_TRANSACTION_ITEMS } from './chain-batch.js';
import { groupCommitOf } from './chain-group.js';
import type { ChainWrite } from './chain-write.js';
import type { StoreContext } from './context.js';
import { canonicalJson } from './hash-chain.js';
import { dayOfEvent } from './items.js';

export { MAX_TRANSACTION_ITEMS } from './chain-batch.js';

/**
 * Writes the conditional items and the events, chained after the current head, in one transaction
 * that also moves the head; resolves with the events as written, or rejects with the write's own
 * coded error (its condition failed) or AUDIT_STORE_UNAVAILABLE. The write joins this process's
 * group commit (see chain-group.ts): every append of a process goes through one writer.
 */
export async function writeWithChain(context: StoreContext, input: ChainWrite): Promise<AuditEvent[]> {
  validateWrite(input);
  return groupCommitOf(context).write(input);
}

/** Programming errors, caught before anything is read or written. */
function validateWrite(write: ChainWrite) {
  const extra = (write.items?.length ?? 0) + (write.recordEvents === undefined ? 0 : 1);
  const count = extra + write.drafts.length + (write.drafts.length > 0 ? 1 : 0);
  if (count > MAX_TRANSACTION_ITEMS) {
    throw new ResetError(
      'INTERNAL',
      `A write of ${write.drafts.length} audit events needs ${count} transaction items; DynamoDB allows ${MAX_TRANSACTION_ITEMS}.`,
      { details: { events: write.drafts.length, transactionItems: count } },
    );
  }
  for (const draft of write.drafts) {
    if (dayOfEvent(draft) === undefined) {
      throw new ResetError('INTERNAL', `Audit event ${draft.eventId} has an invalid time "${draft.at}".`, {
        details: { eventId: draft.eventId },
      });
    }
    try {
      canonicalJson(draft);
    } catch (error) {
      throw new ResetError('INTERNAL', `Audit event ${draft.eventId} cannot be hashed.`, {
        details: { eventId: draft.eventId },
        cause: error,
      });
    }
  }
}
