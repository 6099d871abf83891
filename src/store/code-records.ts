import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../domain/audit.js';
import {
  type ChainedCodes,
  type CodeOutcome,
  codeOutcomeOf,
  type SubmittedCode,
  submissionOf,
} from '../domain/code-submissions.js';
import { seqsOf, vouchedEvents } from './chain-link.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import type { Item } from './items.js';
import { codeRecordPrefix, normaliseTime, padSeq } from './table-layout.js';

/** A code record's key, read: a code sent (its submission), or the seq of the event that settled one. */
type CodeRecord = { readonly at?: string } & ({ readonly submission: string } | { readonly seq: number });

/**
 * The codes of a request, and of an approver device since `since`, with what became of each: two
 * consistent Queries of their partitions' code records (see event-records.ts) and one
 * TransactGetItems of the settling events. A code sent counts by its record's key alone, which a
 * put cannot remove, whatever happens to its event; a settlement counts only if its event checks
 * out (hash, position, link: `vouchedEvents`) and names this request, device and submission.
 */
export async function chainedCodesOf(
  context: StoreContext,
  query: { readonly requestId: string; readonly serial: string; readonly since: string },
): Promise<ChainedCodes> {
  const since = normaliseTime(query.since) ?? query.since;
  const [ofRequest, ofDevice] = await Promise.all([
    readRecords(context, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `REQ#${query.requestId}`, ':prefix': codeRecordPrefix },
    }),
    readRecords(context, {
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': `DEVICE#${query.serial}`,
        ':from': `${codeRecordPrefix}${since}`,
        ':to': `${codeRecordPrefix}~`,
      },
    }),
  ]);
  const seqs = seqsOf([...ofRequest, ...ofDevice].flatMap((r) => ('seq' in r ? [padSeq(r.seq)] : [])));
  const settling = await vouchedEvents(context, seqs);
  const outcomes = (belongs: (event: AuditEvent) => boolean) =>
    outcomesBySubmission(settling.filter(belongs));
  const ofRequestOutcomes = outcomes((event) => event.requestId === query.requestId);
  const ofDeviceOutcomes = outcomes((event) => event.mfaSerial === query.serial);
  return {
    request: submitted(ofRequest, ofRequestOutcomes),
    device: submitted(ofDevice, ofDeviceOutcomes),
  };
}

function submitted(
  records: readonly CodeRecord[],
  outcomes: ReadonlyMap<string, CodeOutcome>,
): SubmittedCode[] {
  return records.flatMap((record) => {
    if (!('submission' in record)) return [];
    const outcome = outcomes.get(record.submission);
    return [
      {
        id: record.submission,
        ...(record.at === undefined ? {} : { at: record.at }),
        ...(outcome === undefined ? {} : { outcome }),
      },
    ];
  });
}

/** What became of each submission; a code said to be both wrong and given back counts as wrong. */
function outcomesBySubmission(events: readonly AuditEvent[]): Map<string, CodeOutcome> {
  const outcomes = new Map<string, CodeOutcome>();
  for (const event of events) {
    const submission = submissionOf(event);
    const outcome = codeOutcomeOf(event);
    if (submission === undefined || outcome === undefined) continue;
    if (outcomes.get(submission) !== 'wrong') outcomes.set(submission, outcome);
  }
  return outcomes;
}

async function readRecords(
  context: StoreContext,
  query: Pick<QueryCommandInput, 'KeyConditionExpression' | 'ExpressionAttributeValues'>,
): Promise<CodeRecord[]> {
  const records: CodeRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  try {
    do {
      const output = await context.documents.send(
        new QueryCommand({
          TableName: context.tableName,
          ...query,
          ProjectionExpression: 'PK, SK',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (output.Items ?? []) as Item[]) {
        const record = recordOf(String(item.PK), String(item.SK));
        if (record !== undefined) records.push(record);
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);
  } catch (error) {
    throw storeUnavailable(error, 'read the code records of a request and a device');
  }
  return records;
}

/** `CODE#[<at>#](S#<submission>|O#<seq>)`; anything else is not a code record. */
function recordOf(pk: string, sk: string): CodeRecord | undefined {
  const parts = sk.slice(codeRecordPrefix.length).split('#');
  const at = pk.startsWith('DEVICE#') ? parts.shift() : undefined;
  const [kind, value, ...rest] = parts;
  if (value === undefined || value === '' || rest.length > 0) return undefined;
  const when = at === undefined ? {} : { at };
  if (kind === 'S') return { ...when, submission: value };
  const [seq] = seqsOf([value]);
  return kind === 'O' && seq !== undefined ? { ...when, seq } : undefined;
}
