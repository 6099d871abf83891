import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src/domain/audit.js';
import { hashOf } from '../../../src/store/hash-chain.js';
import { eventToItem, requestToItem } from '../../../src/store/items.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { anEvent, freshTable, type TestTable } from './fixtures.js';

let table: TestTable;
beforeAll(async () => {
  table = await freshTable('served');
});
afterAll(() => table.client.destroy());

const put = (item: Record<string, unknown>) =>
  DynamoDBDocumentClient.from(table.client).send(new PutCommand({ TableName: table.tableName, Item: item }));

/** Three chained events about `iamUserName`, and what someone who can put items adds beside them. */
async function realAndPlanted(iamUserName: string) {
  const real = await table.store.appendAudit(
    ['REQUEST_CREATED', 'DEVICE_DEACTIVATED', 'REQUEST_COMPLETED'].map((type, i) =>
      anEvent({
        type: type as AuditEvent['type'],
        requestId: `real-${iamUserName}`,
        at: `2026-11-27T10:0${i}:00.000Z`,
        target: { iamUserName },
      }),
    ),
  );
  const last = real.at(-1)!;
  // A copy of a real event under another key, with every index key of the real one.
  await put({ ...eventToItem(last), PK: 'FAKE#1', SK: 'FAKE', requestId: 'forged-1' });
  // A self-consistent event far beyond the head, at its own event key.
  const { hash: _hash, ...content } = { ...last, seq: 900_000, eventId: 'forged', requestId: 'forged-2' };
  await put(eventToItem({ ...content, hash: hashOf(content) }));
  return real;
}

describe('DynamoDB store: only chained events and real requests are served', () => {
  it('skips items planted with an index’s keys, filling every page with chained events', async () => {
    const real = await realAndPlanted('served-user');
    const seen: AuditEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await table.store.queryAudit({
        by: 'target',
        iamUserName: 'served-user',
        limit: 2,
        newestFirst: true,
        ...(cursor === undefined ? {} : { cursor }),
      });
      seen.push(...page.events);
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(seen.map((event) => event.seq)).toEqual(real.map((event) => event.seq).reverse());
    const byDay = await table.store.queryAudit({ by: 'time', from: '2026-11-27T00:00:00.000Z' });
    expect(byDay.events.map((event) => event.requestId)).not.toContain('forged-1');
    expect(byDay.events.map((event) => event.requestId)).not.toContain('forged-2');
  });

  it('lists no item planted with a request’s index keys outside its request key', async () => {
    const request = aRequest({}, { unique: true });
    await put({ ...requestToItem(request), PK: 'FAKE#2', SK: 'FAKE' });
    const pending = await table.store.listRequestsByState('PENDING');
    expect(pending.map((r) => r.id)).not.toContain(request.id);
    const mine = await table.store.listRequestsByRequester(request.requesterSlackId, 10);
    expect(mine.map((r) => r.id)).not.toContain(request.id);
  });

  it('is reported by `audit verify` when an item outside the events and requests carries index keys', async () => {
    const own = await freshTable('stray');
    const [event] = await own.store.appendAudit([anEvent({ target: { iamUserName: 'stray-user' } })]);
    expect(await own.store.verifyAuditChain()).toMatchObject({ ok: true });
    await DynamoDBDocumentClient.from(own.client).send(
      new PutCommand({
        TableName: own.tableName,
        Item: { ...eventToItem(event!), PK: 'FAKE#3', SK: 'FAKE' },
      }),
    );
    expect(await own.store.verifyAuditChain()).toMatchObject({
      ok: false,
      problem:
        'item FAKE#3/FAKE carries index keys but is neither an event nor a request: queries skip it; someone put it there.',
    });
    own.client.destroy();
  });
});
