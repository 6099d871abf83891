import type { AuditEvent, AuditEventDraft } from '../domain/audit.js';
import { settlesCode, submissionOf } from '../domain/code-submissions.js';
import type { ChainWrite, ConditionalItem } from './chain-write.js';
import { approvalRecordKey, deviceCodeKey, normaliseTime, requestCodeKey } from './table-layout.js';

/**
 * The records a write's events leave in the partitions of their request and approver device, so
 * that what counts can be read back consistently with a Query of one partition: an approval
 * record for APPROVAL_RECORDED; a code record, under the request and the device, for each code
 * sent (TOKEN_SUBMITTED, keyed by its submission) and each event that settled one (keyed by its
 * seq). Keys carry everything that counts: a put can add a record, never remove or move one.
 * Records are put without a condition, so one planted at a key beforehand is simply replaced.
 */
export function recordsOfEvents(
  drafts: readonly AuditEventDraft[],
): Pick<ChainWrite, 'recordEvents' | 'recordedItems'> {
  const recorded = drafts.filter((draft) => recordKeysOf(draft, 1).length > 0);
  if (recorded.length === 0) return {};
  const recordedItems = recorded.reduce((count, draft) => count + recordKeysOf(draft, 1).length, 0);
  return {
    recordedItems,
    recordEvents: (chained: readonly AuditEvent[]): ConditionalItem[] =>
      recorded.flatMap((draft) => {
        const event = chained.find((e) => e.eventId === draft.eventId)!;
        return recordKeysOf(draft, event.seq).map((key) => ({
          action: 'put' as const,
          item: { ...key, entity: 'eventRecord', seq: event.seq, hash: event.hash },
          whenConditionFails: 'leave-out' as const,
        }));
      }),
  };
}

function recordKeysOf(draft: AuditEventDraft, seq: number): { PK: string; SK: string }[] {
  const { requestId, mfaSerial } = draft;
  if (requestId === undefined) return [];
  // A confirmation is read with the approvals: the same record, so one Query finds both.
  if (draft.type === 'APPROVAL_RECORDED' || draft.type === 'REQUEST_CONFIRMED') {
    return [approvalRecordKey(requestId, seq), ...codeKeysOf(draft, seq)];
  }
  return codeKeysOf(draft, seq);

  function codeKeysOf(event: AuditEventDraft, at: number): { PK: string; SK: string }[] {
    const submission = submissionOf(event);
    const time = normaliseTime(event.at);
    if (
      requestId === undefined ||
      mfaSerial === undefined ||
      submission === undefined ||
      time === undefined
    ) {
      return [];
    }
    const code =
      event.type === 'TOKEN_SUBMITTED' ? { submission } : settlesCode(event) ? { seq: at } : undefined;
    if (code === undefined) return [];
    return [requestCodeKey(requestId, code), deviceCodeKey(mfaSerial, time, code)];
  }
}
