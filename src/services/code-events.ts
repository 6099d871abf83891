import type { ResetRequest } from '../domain/request.js';
import type { EventBuilder } from './review-events.js';

/** Which code, on which request and approver device: every event about a code sent to STS names it. */
export interface CodeOfApprover {
  readonly approverSlackId: string;
  readonly mfaSerial: string;
  /** The code's submission id (never the code): TOKEN_SUBMITTED and what settled it share it. */
  readonly submission: string;
}

/** The events of an approver's code as the audit chain counts it (domain/code-submissions.ts). */
export function codeEvents({ event, member, aboutRequest }: EventBuilder) {
  return {
    /** A code is about to go to STS: written, and counted, before STS sees it. */
    tokenSubmitted(request: ResetRequest, code: CodeOfApprover) {
      return event('TOKEN_SUBMITTED', 'info', {
        ...aboutRequest(request),
        actor: member(code.approverSlackId),
        mfaSerial: code.mfaSerial,
        details: { submission: code.submission },
      });
    },
    /**
     * A guard's counter let a code through that the chain's count refuses (the counter says less:
     * rolled back, or behind): the chain decided, the code was not sent (this event gives its
     * submission back). `counter` names the guard, `counted` what the chain counted.
     */
    codeCountDisagreed(
      request: ResetRequest,
      code: CodeOfApprover & {
        readonly errorCode: 'TOKEN_ATTEMPTS_EXHAUSTED' | 'APPROVER_DEVICE_LOCKED';
        readonly counted: number;
      },
    ) {
      return event('CODE_COUNT_DISAGREED', 'refused', {
        ...aboutRequest(request),
        actor: member(code.approverSlackId),
        mfaSerial: code.mfaSerial,
        errorCode: code.errorCode,
        details: {
          submission: code.submission,
          counter: code.errorCode === 'TOKEN_ATTEMPTS_EXHAUSTED' ? 'request-attempts' : 'device-lockout',
          counted: code.counted,
        },
      });
    },
  };
}
