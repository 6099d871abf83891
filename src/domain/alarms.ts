import type { UnaccountedReset } from './account-trail.js';

/**
 * What the bot raises an alarm about: the approvals channel and every auditor hear of it once.
 * Each kind carries what identifies it, so that two replicas agree on "the same" alarm.
 */
export type AuditAlarm =
  | {
      readonly kind: 'chain-broken';
      /** The first event whose content, link or presence is wrong. */
      readonly firstBadSeq: number;
      readonly problem: string;
      /** The last event verified intact before it. */
      readonly verifiedSeq: number;
    }
  | { readonly kind: 'cloudtrail-mismatch'; readonly reset: UnaccountedReset };
