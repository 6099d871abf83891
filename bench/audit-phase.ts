import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { AuditEventDraft } from '../src/domain/audit.js';
import type { AuditQuery } from '../src/services/ports.js';
import { createDynamoStore, GroupCommit, MAX_TRANSACTION_ITEMS, openAuditTable } from '../src/store/index.js';
import { startRecordingProxy } from './recording-proxy.js';
import { sleep } from './stats.js';
import { type BenchWorld, dynamoClientFor, people } from './world.js';

/**
 * 6. Audit query cost. The store's own queryAudit (what every audit surface calls) runs through a
 * recording proxy that keeps DynamoDB's answers, so the items each query read are DynamoDB's own
 * figures: ScannedCount of every Query, plus 1 for each GetItem that found its item (the chain
 * head, read by time queries). The same queries run at three table sizes — as left by the resets
 * above, then after writing filler events about other users and requests — and must read exactly
 * the same number of items each time, and no more than they return plus the one look-ahead item
 * each Query takes to know whether there is a next page.
 */

export interface AuditQueryCost {
  readonly name: string;
  readonly returned: number;
  readonly itemsRead: number;
  readonly requests: number;
  /** Items a key-bounded read may touch beyond what it returns (look-ahead, chain head). */
  readonly allowance: number;
}

export interface AuditSizeFigures {
  readonly tableItems: number;
  readonly queries: readonly AuditQueryCost[];
}

export interface AuditFigures {
  readonly sizes: readonly AuditSizeFigures[];
  /** Problems found; empty when every query costs O(result). */
  readonly violations: readonly string[];
}

async function countItems(client: DynamoDBClient, tableName: string): Promise<number> {
  let total = 0;
  let startKey: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, Select: 'COUNT', ExclusiveStartKey: startKey }),
    );
    total += page.Count ?? 0;
    startKey = page.LastEvaluatedKey as typeof startKey;
  } while (startKey !== undefined);
  return total;
}

/** Events about other people: 300 members, 8 events per made-up request, an hour before the probe. */
function fillerDrafts(from: number, count: number, baseMs: number): AuditEventDraft[] {
  const types = ['REQUEST_CREATED', 'APPROVERS_NOTIFIED', 'REQUEST_APPROVED', 'REQUEST_COMPLETED'] as const;
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const member = `U0FILL${String(n % 300).padStart(4, '0')}`;
    return {
      eventId: `filler-${n}`,
      type: types[n % types.length]!,
      at: new Date(baseMs - 3_600_000 + n).toISOString(),
      requestId: `filler-request-${Math.floor(n / 8)}`,
      actor: n % 3 === 0 ? { kind: 'bot' as const } : { kind: 'member' as const, slackUserId: member },
      target: { slackUserId: member, iamUserName: `filler-user-${n % 300}` },
      devices: [`arn:aws:iam::123456789012:mfa/filler-${n % 300}`],
      outcome: 'success' as const,
    };
  });
}

/** Every audit query reads the chain head once: it serves no event beyond it. */
const CHAIN_HEAD_READS = 1;

export async function runAuditPhase(
  world: BenchWorld,
  options: {
    dynamoEndpoint: string;
    probeRequestId: string;
    fills: readonly number[];
    log: (line: string) => void;
  },
): Promise<AuditFigures> {
  const proxy = await startRecordingProxy({ target: options.dynamoEndpoint, keepBodies: true });
  const client = dynamoClientFor(proxy.url, world.botUser);
  const table = openAuditTable({ tableName: world.tableName, client });
  const reader = createDynamoStore({ table, chainWriter: new GroupCommit({ table }) });
  try {
    const probe = (await reader.queryAudit({ by: 'request', requestId: options.probeRequestId })).events;
    const first = probe[0];
    const last = probe.at(-1);
    if (first === undefined || last === undefined) throw new Error('the probe request has no audit events');
    const queries: Array<{ name: string; query: AuditQuery }> = [
      {
        name: 'by request (one reset)',
        query: { by: 'request', requestId: options.probeRequestId },
      },
      {
        name: 'by target (alice, page of 100)',
        query: { by: 'target', iamUserName: people.alice.iamUser },
      },
      {
        name: 'by actor (erin, page of 100)',
        query: { by: 'actor', slackUserId: people.erin.slackId },
      },
      {
        name: 'by time (the reset’s minutes)',
        query: { by: 'time', from: first.at, to: last.at },
      },
    ];

    const measure = async (): Promise<AuditSizeFigures> => {
      const tableItems = await countItems(world.directClient, world.tableName);
      const costs: AuditQueryCost[] = [];
      for (const { name, query } of queries) {
        const mark = proxy.calls.length;
        const page = await reader.queryAudit(query);
        await sleep(20); // the proxy records a call once its answer is flushed
        let itemsRead = 0;
        const calls = proxy.since(mark);
        for (const call of calls) {
          const answer = JSON.parse(call.responseBody ?? '{}') as { ScannedCount?: number; Item?: unknown };
          if (call.operation === 'Query') itemsRead += answer.ScannedCount ?? 0;
          else if (call.operation === 'GetItem' && answer.Item !== undefined) itemsRead += 1;
        }
        const queriesMade = calls.filter((call) => call.operation === 'Query').length;
        costs.push({
          name,
          returned: page.events.length,
          itemsRead,
          requests: calls.length,
          // One look-ahead per Query, and the chain head every query reads (it serves no event beyond it).
          allowance: queriesMade + CHAIN_HEAD_READS,
        });
      }
      return { tableItems, queries: costs };
    };

    const sizes: AuditSizeFigures[] = [await measure()];
    let written = 0;
    for (const fill of options.fills) {
      const drafts = fillerDrafts(written, fill, Date.parse(first.at));
      for (let i = 0; i < drafts.length; i += MAX_TRANSACTION_ITEMS - 1) {
        await world.store.appendAudit(drafts.slice(i, i + MAX_TRANSACTION_ITEMS - 1));
      }
      written += fill;
      sizes.push(await measure());
    }
    options.log(`audit: table sizes ${sizes.map((s) => s.tableItems).join(' → ')} items`);
    return { sizes, violations: violationsOf(sizes) };
  } finally {
    client.destroy();
    await proxy.close();
  }
}

function violationsOf(sizes: readonly AuditSizeFigures[]): string[] {
  const violations: string[] = [];
  const [smallest, ...larger] = sizes;
  if (smallest === undefined) return violations;
  for (const [index, base] of smallest.queries.entries()) {
    for (const size of sizes) {
      const cost = size.queries[index]!;
      if (cost.itemsRead > cost.returned + cost.allowance) {
        violations.push(
          `${cost.name}: read ${cost.itemsRead} items to return ${cost.returned} (table of ${size.tableItems})`,
        );
      }
    }
    for (const size of larger) {
      const cost = size.queries[index]!;
      if (cost.itemsRead !== base.itemsRead || cost.returned !== base.returned) {
        violations.push(
          `${cost.name}: read ${base.itemsRead} at ${smallest.tableItems} items but ${cost.itemsRead} at ${size.tableItems}`,
        );
      }
    }
  }
  return violations;
}
