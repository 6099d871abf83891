import { DeleteItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { anEvent, createdEvent, freshTable, type TestTable } from './fixtures.js';

const key = (seq: number) => ({ PK: { S: `EVT#${String(seq).padStart(12, '0')}` }, SK: { S: 'EVT' } });

describe('DynamoDB store: what the chain watcher reads and writes', () => {
  let table: TestTable;
  afterEach(() => {
    table?.client.destroy();
  });

  async function withEvents(count: number) {
    table = await freshTable('watch');
    await table.store.appendAudit(Array.from({ length: count }, () => anEvent()));
    return (await table.store.queryAudit({ by: 'time', limit: 1000 })).events;
  }

  it('verifies events after a checkpoint by key, up to the head, and reports where it stopped', async () => {
    const events = await withEvents(12);

    expect(await table.store.verifyAfter(undefined, { maxEvents: 5 })).toEqual({
      ok: true,
      last: { seq: 5, hash: events[4]!.hash },
      checked: 5,
    });
    expect(await table.store.verifyAfter({ seq: 5, hash: events[4]!.hash }, { maxEvents: 100 })).toEqual({
      ok: true,
      last: { seq: 12, hash: events[11]!.hash },
      checked: 7,
    });
    expect(
      await table.store.verifyAfter({ seq: 12, hash: events[11]!.hash }, { maxEvents: 100 }),
    ).toMatchObject({
      ok: true,
      checked: 0,
    });
  });

  it('names the first edited, deleted or unlinked event, and a checkpoint the head fell behind', async () => {
    const events = await withEvents(8);
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: key(6),
        UpdateExpression: 'SET outcome = :o',
        ExpressionAttributeValues: { ':o': { S: 'failure' } },
      }),
    );
    expect(
      await table.store.verifyAfter({ seq: 3, hash: events[2]!.hash }, { maxEvents: 100 }),
    ).toMatchObject({
      ok: false,
      firstBadSeq: 6,
      last: { seq: 5 },
      problem: expect.stringContaining('modified'),
    });
    expect(await table.store.verifyAfter({ seq: 3, hash: 'f'.repeat(64) }, { maxEvents: 100 })).toMatchObject(
      {
        ok: false,
        firstBadSeq: 4,
        problem: expect.stringContaining('does not link'),
      },
    );
    await table.client.send(new DeleteItemCommand({ TableName: table.tableName, Key: key(4) }));
    expect(await table.store.recheck(2, 4)).toMatchObject({
      ok: false,
      firstBadSeq: 4,
      problem: expect.stringContaining('missing'),
    });
    expect(await table.store.verifyAfter({ seq: 9, hash: 'x' }, { maxEvents: 1 })).toMatchObject({
      ok: false,
      firstBadSeq: 9,
      problem: expect.stringContaining('behind'),
    });
  });

  it('reports a chain head that was edited out of shape, and a missing head with events stored', async () => {
    const events = await withEvents(3);
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: { PK: { S: 'CHAIN' }, SK: { S: 'HEAD' } },
        UpdateExpression: 'SET seq = :s',
        ExpressionAttributeValues: { ':s': { S: 'three' } },
      }),
    );
    expect(await table.store.verifyAfter({ seq: 3, hash: events[2]!.hash }, { maxEvents: 10 })).toMatchObject(
      {
        ok: false,
        firstBadSeq: 4,
        problem: expect.stringContaining('malformed'),
      },
    );
    await table.client.send(
      new DeleteItemCommand({ TableName: table.tableName, Key: { PK: { S: 'CHAIN' }, SK: { S: 'HEAD' } } }),
    );
    expect(await table.store.verifyAfter(undefined, { maxEvents: 10 })).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      problem: expect.stringContaining('beyond the chain head'),
    });
  });

  it('re-checks a window of older events, the first one linked to its predecessor', async () => {
    await withEvents(6);
    expect(await table.store.recheck(1, 3)).toMatchObject({ ok: true, checked: 3 });
    expect(await table.store.recheck(4, 3)).toMatchObject({ ok: true, checked: 3, last: { seq: 6 } });
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: key(3),
        UpdateExpression: 'SET #t = :t',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':t': { S: 'REQUEST_DENIED' } },
      }),
    );
    // The window starts at 4, but event 3 it links to is checked too.
    expect(await table.store.recheck(4, 3)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('keeps one checkpoint that never moves back, and records and clears a break', async () => {
    table = await freshTable('watch');
    expect(await table.store.readWatchState()).toEqual({});
    const at = '2026-11-27T10:00:00.000Z';

    expect(await table.store.recordVerified({ seq: 5, hash: 'h5', at, recheckFrom: 1 })).toBe(true);
    expect(await table.store.recordVerified({ seq: 3, hash: 'h3', at, recheckFrom: 1 })).toBe(false);
    expect(
      await table.store.recordVerified({
        seq: 5,
        hash: 'h5',
        at,
        recheckFrom: 2,
        broken: { seq: 6, problem: 'p' },
      }),
    ).toBe(true);
    expect(await table.store.readWatchState()).toEqual({
      verified: { seq: 5, hash: 'h5', at },
      recheckFrom: 2,
      broken: { seq: 6, problem: 'p', at },
    });
    await table.store.recordVerified({ seq: 7, hash: 'h7', at, recheckFrom: 3 });
    expect((await table.store.readWatchState()).broken).toBeUndefined();
  });

  it('lists a member’s own requests newest first, through the byActor index', async () => {
    table = await freshTable('watch');
    const older = aRequest({ createdAt: '2026-11-27T09:00:00.000Z' }, { unique: true });
    const newer = aRequest({ createdAt: '2026-11-27T10:00:00.000Z' }, { unique: true });
    const someoneElse = aRequest(
      {
        requesterSlackId: 'U0BOB',
        target: { slackUserId: 'U0BOB', iamUserName: 'bob' },
      },
      { unique: true },
    );
    for (const request of [older, newer, someoneElse])
      await table.store.insertRequest(request, [createdEvent(request)]);

    expect((await table.store.listRequestsByRequester('U0ALICE', 10)).map((r) => r.id)).toEqual([
      newer.id,
      older.id,
    ]);
    expect((await table.store.listRequestsByRequester('U0ALICE', 1)).map((r) => r.id)).toEqual([newer.id]);
    // Request items never show up among a member's events.
    expect((await table.store.queryAudit({ by: 'actor', slackUserId: 'U0ALICE' })).events).toHaveLength(2);
    expect((await table.store.listRequestsByState('PENDING', 10, { newestFirst: true }))[0]?.createdAt).toBe(
      '2026-11-27T10:00:00.000Z',
    );
  });

  it('pages newest first across days, and refuses a cursor of the other order', async () => {
    table = await freshTable('watch');
    const days = ['2026-11-25', '2026-11-26', '2026-11-27'];
    await table.store.appendAudit(
      days.flatMap((day) => [1, 2].map((h) => anEvent({ at: `${day}T0${h}:00:00.000Z` }))),
    );

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await table.store.queryAudit({
        by: 'time',
        newestFirst: true,
        limit: 4,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.events.map((e) => e.at));
      cursor = page.cursor;
      if (cursor !== undefined) {
        await expect(table.store.queryAudit({ by: 'time', limit: 4, cursor })).rejects.toMatchObject({
          code: 'INPUT_INVALID',
        });
      }
    } while (cursor !== undefined);

    expect(seen).toEqual([...seen].sort().reverse());
    expect(seen).toHaveLength(6);
  });
});
