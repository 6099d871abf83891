import { createAuditEvents } from './audit-events.js';
import type { ServiceDeps } from './service-deps.js';

/** Bolt accepts a signed request for 5 minutes; a delivery is remembered for twice that. */
const REMEMBER_MS = 10 * 60_000;

/**
 * Slack deliveries handled once, across replicas: a form submitted again byte for byte (a captured
 * request replayed while its signature is still accepted) and an Events API retry of an event
 * already handled have no second effect.
 */
export function createReplayGuard(deps: Pick<ServiceDeps, 'deliveries' | 'store' | 'clock' | 'ids'>) {
  const events = createAuditEvents(deps);

  function claim(key: string): Promise<boolean> {
    const now = deps.clock.now();
    return deps.deliveries.claim(key, { now, until: new Date(now.getTime() + REMEMBER_MS) });
  }

  /**
   * True for the first submission of `key` (the view and its submitted values); false for a repeat,
   * which is audited (SUBMISSION_REPLAYED) for the member who sent it.
   */
  async function firstSubmission(input: {
    key: string;
    slackUserId: string;
    form: string;
  }): Promise<boolean> {
    if (await claim(`submission:${input.key}`)) return true;
    await deps.store.appendAudit([
      events.submissionReplayed({ slackUserId: input.slackUserId, form: input.form }),
    ]);
    return false;
  }

  /** True for the first delivery of an Events API event; retries of it are Slack's, not refusals. */
  function firstDelivery(eventId: string): Promise<boolean> {
    return claim(`event:${eventId}`);
  }

  return { firstSubmission, firstDelivery };
}

export type ReplayGuard = ReturnType<typeof createReplayGuard>;
