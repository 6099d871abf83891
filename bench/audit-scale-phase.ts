import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChainPosition } from '../src/domain/alarms.js';
import type { AuditEventDraft } from '../src/domain/audit.js';
import type { AuditQuery } from '../src/services/ports.js';
import { chainDrafts, emptyChain } from '../src/store/hash-chain.js';
import { createDynamoStore, GroupCommit, openAuditTable } from '../src/store/index.js';
import { chainHeadToItem, dayOfEvent, eventToItem } from '../src/store/items.js';
import { startRecordingProxy } from './recording-proxy.js';
import { percentile, sleep } from './stats.js';

/**
 * 7. What an auditor's review costs as the trail grows: "the last 25 events of one IAM user" (what
 * `/mfa-reset audit alice` shows first) and "the last 25 events of all" (`/mfa-reset audit 7`), on
 * a table of their own filled to each size with a valid hash chain (one event in 20 about the
 * probed user, the rest about 500 others, spread over four weeks). Items read are DynamoDB's own
 * ScannedCount (+1 per chain-head GetItem), through a recording proxy; latency is the store's
 * queryAudit timed from this process against DynamoDB Local directly, median and p90 of `runs`.
 */

export interface ScaleRow {
  readonly tableEvents: number;
  readonly query: string;
  readonly returned: number;
  readonly itemsRead: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
}

export interface AuditScaleFigures {
  readonly rows: readonly ScaleRow[];
  /** Problems found; empty when items read do not grow with the table. */
  readonly violations: readonly string[];
}

const PROBE_USER = 'alice';
const WRITERS = 8;
const BATCH = 25;

function draftsFrom(from: number, count: number, nowMs: number, total: number): AuditEventDraft[] {
  const spanMs = 28 * 86_400_000;
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const probe = n % 20 === 0;
    const member = `U0SCALE${String(n % 500).padStart(4, '0')}`;
    return {
      eventId: `scale-${n}`,
      type: n % 2 === 0 ? 'REQUEST_CREATED' : 'REQUEST_COMPLETED',
      // Evenly over four weeks before now, oldest first, whatever the final size.
      at: new Date(nowMs - spanMs + Math.floor((n * spanMs) / total)).toISOString(),
      requestId: `scale-request-${Math.floor(n / 2)}`,
      actor: { kind: 'member', slackUserId: member },
      target: { slackUserId: member, iamUserName: probe ? PROBE_USER : `scale-user-${n % 500}` },
      outcome: 'success',
    };
  });
}

/** Writes chained events with parallel BatchWriteItem (fast), then the head that names the last one. */
async function fill(
  documents: DynamoDBDocumentClient,
  tableName: string,
  state: { head: ChainPosition; days: string[]; written: number },
  drafts: readonly AuditEventDraft[],
): Promise<void> {
  const { events, head } = chainDrafts(state.head, drafts);
  const items = events.map(eventToItem);
  let next = 0;
  const writer = async () => {
    while (next < items.length) {
      let batch = items.slice(next, next + BATCH).map((Item) => ({ PutRequest: { Item } }));
      next += BATCH;
      while (batch.length > 0) {
        const out = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: batch } }));
        batch = (out.UnprocessedItems?.[tableName] ?? []) as typeof batch;
        if (batch.length > 0) await sleep(20);
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  const days = [...state.days, ...events.map((event) => dayOfEvent(event)!)].sort();
  state.days = [days[0]!, days.at(-1)!];
  state.head = head;
  state.written += drafts.length;
  await documents.send(
    new PutCommand({
      TableName: tableName,
      Item: chainHeadToItem({ ...head, earliestDay: state.days[0]!, latestDay: state.days[1]! }),
    }),
  );
}

export async function runAuditScalePhase(options: {
  dynamoEndpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  sizes: readonly number[];
  runs: number;
  log: (line: string) => void;
}): Promise<AuditScaleFigures> {
  const tableName = `bench-scale-${randomUUID()}`;
  const direct = new DynamoDBClient({
    endpoint: options.dynamoEndpoint,
    region: 'us-east-1',
    credentials: options.credentials,
  });
  const proxy = await startRecordingProxy({ target: options.dynamoEndpoint, keepBodies: true });
  const viaProxy = new DynamoDBClient({
    endpoint: proxy.url,
    region: 'us-east-1',
    credentials: options.credentials,
  });
  const table = openAuditTable({ tableName, client: direct });
  const store = createDynamoStore({ table, chainWriter: new GroupCommit({ table }) });
  const countedTable = openAuditTable({ tableName, client: viaProxy });
  const counted = createDynamoStore({
    table: countedTable,
    chainWriter: new GroupCommit({ table: countedTable }),
  });
  const { documents } = table;
  const nowMs = Date.now();
  const total = Math.max(...options.sizes);
  try {
    await store.createTable();
    const state = { head: emptyChain as ChainPosition, days: [] as string[], written: 0 };
    const queries: Array<[string, AuditQuery]> = [
      [`last 25 of IAM user ${PROBE_USER}`, { by: 'target', iamUserName: PROBE_USER }],
      ['last 25 of all events', { by: 'time' }],
    ];
    const rows: ScaleRow[] = [];
    for (const size of [...options.sizes].sort((a, b) => a - b)) {
      const began = performance.now();
      for (let from = state.written; from < size; from += 5_000) {
        await fill(documents, tableName, state, draftsFrom(from, Math.min(5_000, size - from), nowMs, total));
      }
      options.log(
        `audit scale: ${size} events written in ${((performance.now() - began) / 1000).toFixed(0)} s`,
      );
      for (const [name, base] of queries) {
        const query: AuditQuery = {
          ...base,
          from: new Date(nowMs - 30 * 86_400_000).toISOString(),
          to: new Date(nowMs).toISOString(),
          newestFirst: true,
          limit: 25,
        };
        const mark = proxy.calls.length;
        const page = await counted.queryAudit(query);
        await sleep(20); // the proxy records a call once its answer is flushed
        let itemsRead = 0;
        for (const call of proxy.since(mark)) {
          const answer = JSON.parse(call.responseBody ?? '{}') as { ScannedCount?: number; Item?: unknown };
          if (call.operation === 'Query') itemsRead += answer.ScannedCount ?? 0;
          else if (call.operation === 'GetItem' && answer.Item !== undefined) itemsRead += 1;
        }
        const samples: number[] = [];
        for (let run = -20; run < options.runs; run += 1) {
          const start = performance.now();
          await store.queryAudit(query);
          if (run >= 0) samples.push(performance.now() - start);
        }
        rows.push({
          tableEvents: size,
          query: name,
          returned: page.events.length,
          itemsRead,
          p50Ms: percentile(samples, 50),
          p90Ms: percentile(samples, 90),
        });
      }
    }
    return { rows, violations: violationsOf(rows) };
  } finally {
    direct.destroy();
    viaProxy.destroy();
    await proxy.close();
  }
}

/** Items read must not grow with the table: the same at every size, at most returned + look-ahead + head. */
function violationsOf(rows: readonly ScaleRow[]): string[] {
  const violations: string[] = [];
  for (const name of new Set(rows.map((row) => row.query))) {
    const of = rows.filter((row) => row.query === name);
    const reads = new Set(of.map((row) => row.itemsRead));
    if (reads.size > 1) violations.push(`${name}: items read ${of.map((r) => r.itemsRead).join(' → ')}`);
    for (const row of of) {
      if (row.returned !== 25)
        violations.push(`${name}: returned ${row.returned} at ${row.tableEvents} events`);
      if (row.itemsRead > row.returned + 3)
        violations.push(`${name}: read ${row.itemsRead} for ${row.returned}`);
    }
  }
  return violations;
}
