import type { AuditEvent, AuditEventDraft, AuditEventType } from './audit.js';
import { IN_FLIGHT_HOLD_MS, type LockoutRules, lockedUntil } from './lockout.js';

/**
 * Approver codes as the audit chain records them. Every code is recorded (TOKEN_SUBMITTED, with a
 * `details.submission` id) before STS sees it; the event that settles it names the same id: a code
 * AWS rejected stays taken as a wrong one, a code AWS accepted (or never judged, or the bot refused
 * before sending) is given back. The counters beside the chain (decision 007) are a fast path; a
 * counter that says less than this is wrong, and the chain's count decides.
 */
export type CodeOutcome = 'wrong' | 'given-back';

const outcomes: Partial<Record<AuditEventType, CodeOutcome>> = {
  TOKEN_REJECTED: 'wrong',
  APPROVAL_RECORDED: 'given-back',
  REQUEST_APPROVED: 'given-back',
  FINISH_STARTED: 'given-back',
  STEP_UP_FAILED: 'given-back',
  CODE_COUNT_DISAGREED: 'given-back',
};

/** The submission an event is about, if it is a submitted code or what became of one. */
export function submissionOf(event: AuditEventDraft): string | undefined {
  const submission = event.details?.submission;
  return typeof submission === 'string' && submission !== '' ? submission : undefined;
}

/** What `event` says became of its submission; undefined when it settles none. */
export function codeOutcomeOf(event: AuditEvent): CodeOutcome | undefined {
  return submissionOf(event) === undefined ? undefined : outcomes[event.type];
}

/** Whether the event settles a code (and so is filed under its request and device). */
export function settlesCode(event: AuditEventDraft): boolean {
  return submissionOf(event) !== undefined && outcomes[event.type] !== undefined;
}

export interface SubmittedCode {
  readonly id: string;
  /** When it was submitted (known for a device's codes, which are read by time). */
  readonly at?: string;
  readonly outcome?: CodeOutcome;
}

/** The codes of one request, and of one approver device since the start of its lockout window. */
export interface ChainedCodes {
  readonly request: readonly SubmittedCode[];
  readonly device: readonly SubmittedCode[];
}

export type ChainVerdict =
  | { readonly kind: 'send' }
  | {
      readonly kind: 'refuse';
      readonly code: 'TOKEN_ATTEMPTS_EXHAUSTED' | 'APPROVER_DEVICE_LOCKED';
      /** What the chain counted: attempts taken on the request, or wrong codes of the device. */
      readonly counted: number;
      readonly retryAt?: string;
    };

/**
 * Whether the chain lets code `submission` go to STS: the request's other codes not given back
 * (wrong, in flight, or never settled) must leave it an attempt, and the device's wrong codes in
 * the window (a code never settled counts as wrong once its hold has lapsed) must not lock it.
 * Codes in flight on the device are the fast path's to queue, not a lock.
 */
export function chainVerdict(
  codes: ChainedCodes,
  input: {
    readonly submission: string;
    readonly maxTokenAttempts: number;
    readonly lockout: LockoutRules;
    readonly now: Date;
  },
): ChainVerdict {
  const others = (list: readonly SubmittedCode[]) => list.filter((code) => code.id !== input.submission);
  const taken = others(codes.request).filter((code) => code.outcome !== 'given-back').length;
  if (taken >= input.maxTokenAttempts) {
    return { kind: 'refuse', code: 'TOKEN_ATTEMPTS_EXHAUSTED', counted: taken };
  }
  const lapsed = input.now.getTime() - IN_FLIGHT_HOLD_MS;
  const failures = others(codes.device)
    .filter((code) => code.at !== undefined)
    .filter(
      (code) => code.outcome === 'wrong' || (code.outcome === undefined && Date.parse(code.at!) <= lapsed),
    )
    .map((code) => code.at!)
    .sort();
  const until = lockedUntil({ failures, inFlight: [] }, input.now, input.lockout);
  return until === undefined
    ? { kind: 'send' }
    : { kind: 'refuse', code: 'APPROVER_DEVICE_LOCKED', counted: failures.length, retryAt: until };
}

/** Wrong codes the chain records on the request. */
export function wrongCodesOf(codes: ChainedCodes): number {
  return codes.request.filter((code) => code.outcome === 'wrong').length;
}
