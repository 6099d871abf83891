import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noAttempts, reserveCode, settleCode } from '../../../src/domain/lockout.js';
import { transition } from '../../../src/domain/request.js';
import { hashOf } from '../../../src/store/hash-chain.js';
import { eventToItem } from '../../../src/store/items.js';
import { creationRecordKey, eventKey, iamUserLockKey, requestKey } from '../../../src/store/table-layout.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { anEvent, createdEvent, freshTable, processStore, type TestTable } from './fixtures.js';

let table: TestTable;
beforeAll(async () => {
  table = await freshTable('guards');
});
afterAll(() => table.client.destroy());

const later = new Date('2026-11-27T10:05:00.000Z');
const documents = () => DynamoDBDocumentClient.from(table.client);

async function created() {
  const request = aRequest({}, { unique: true });
  await table.store.insertRequest(request, [createdEvent(request)]);
  return request;
}

describe('DynamoDB store: one open request per IAM user', () => {
  it('refuses a second request for the same IAM user while the first is open, writing nothing', async () => {
    const first = await created();
    const second = aRequest({ target: first.target }, { unique: true });
    await expect(table.store.insertRequest(second, [createdEvent(second)])).rejects.toMatchObject({
      code: 'REQUEST_ALREADY_OPEN',
    });
    expect(await table.store.getRequest(second.id)).toBeUndefined();
    expect(await table.store.openRequestFor(first.target.iamUserName)).toBe(first.id);
  });

  it('frees the IAM user in the same write that ends the request', async () => {
    const request = await created();
    const executing = transition(request, 'EXECUTING', later);
    await table.store.updateRequest(request, executing, [
      anEvent({ type: 'EXECUTION_STARTED', requestId: request.id }),
    ]);
    expect(await table.store.openRequestFor(request.target.iamUserName)).toBe(request.id);
    await table.store.updateRequest(executing, transition(executing, 'COMPLETED', later), [
      anEvent({ type: 'REQUEST_COMPLETED', requestId: request.id }),
    ]);
    expect(await table.store.openRequestFor(request.target.iamUserName)).toBeUndefined();
    const next = aRequest({ target: request.target }, { unique: true });
    await expect(table.store.insertRequest(next, [createdEvent(next)])).resolves.toHaveLength(1);
  });

  it('ends a request made before the lock existed without touching another request’s lock', async () => {
    const legacy = aRequest({}, { unique: true });
    // As an older version wrote it: the request and its event, no lock, no creation record.
    await documents().send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...legacy,
          ...requestKey(legacy.id),
          entity: 'request',
          byStatePK: 'STATE#PENDING',
          byStateSK: `${legacy.createdAt}#${legacy.id}`,
        },
      }),
    );
    const current = aRequest({ target: legacy.target }, { unique: true });
    await table.store.insertRequest(current, [createdEvent(current)]);

    await table.store.updateRequest(legacy, transition(legacy, 'EXPIRED', later), [
      anEvent({ type: 'REQUEST_EXPIRED', requestId: legacy.id }),
    ]);

    expect((await table.store.getRequest(legacy.id))?.state).toBe('EXPIRED');
    expect(await table.store.openRequestFor(legacy.target.iamUserName)).toBe(current.id);
  });
});

describe('DynamoDB store: the creation record of a request', () => {
  it('finds the REQUEST_CREATED event and vouches for it while the chain links to it', async () => {
    const request = await created();
    const record = await table.store.creationRecordOf(request.id);
    expect(record).toMatchObject({
      status: 'intact',
      event: { type: 'REQUEST_CREATED', requestId: request.id },
    });
    // Still vouched for once later events link to it.
    await table.store.appendAudit([anEvent({ type: 'APPROVAL_REFUSED', requestId: request.id })]);
    expect(await table.store.creationRecordOf(request.id)).toMatchObject({ status: 'intact' });
  });

  it('reports an edited REQUEST_CREATED event as broken', async () => {
    const request = await created();
    const record = await table.store.creationRecordOf(request.id);
    const seq = record.status === 'intact' ? record.event.seq : 0;
    await documents().send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: eventKey(seq),
        UpdateExpression: 'SET target = :target',
        ExpressionAttributeValues: { ':target': { slackUserId: 'U0MALLORY', iamUserName: 'mallory' } },
      }),
    );
    expect(await table.store.creationRecordOf(request.id)).toEqual({
      status: 'broken',
      problem: `event ${seq}, the creation of request ${request.id}, no longer matches its hash.`,
    });
  });

  it('reports a forged event the chain does not link to as broken', async () => {
    const request = await created();
    const record = await table.store.creationRecordOf(request.id);
    if (record.status !== 'intact') throw new Error('expected an intact record');
    // A self-consistent copy far beyond the head (its hash recomputed), and the record pointed at it.
    const { hash: _hash, ...content } = record.event;
    const copy = { ...content, seq: 900_000 };
    await documents().send(
      new PutCommand({ TableName: table.tableName, Item: eventToItem({ ...copy, hash: hashOf(copy) }) }),
    );
    await documents().send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: creationRecordKey(request.id),
        UpdateExpression: 'SET seq = :seq, #hash = :hash',
        ExpressionAttributeNames: { '#hash': 'hash' },
        ExpressionAttributeValues: { ':seq': 900_000, ':hash': hashOf(copy) },
      }),
    );
    expect(await table.store.creationRecordOf(request.id)).toEqual({
      status: 'broken',
      problem: 'the chain does not link to event 900000.',
    });
    await documents().send(new DeleteCommand({ TableName: table.tableName, Key: eventKey(900_000) }));
  });

  it('finds the creation of a request made before the record existed through the request index', async () => {
    const request = await created();
    await documents().send(
      new DeleteCommand({ TableName: table.tableName, Key: creationRecordKey(request.id) }),
    );
    expect(await table.store.creationRecordOf(request.id)).toMatchObject({ status: 'intact' });
  });
});

describe('DynamoDB store: code attempts, device lockouts and deliveries', () => {
  it('takes at most `max` attempts of a request, even when asked ten times at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => table.store.attempts.reserve('req-burst', 3)),
    );
    expect(results.filter(Boolean)).toHaveLength(3);
    await table.store.attempts.release('req-burst');
    await expect(table.store.attempts.reserve('req-burst', 3)).resolves.toBe(true);
    await expect(table.store.attempts.recordWrong('req-burst')).resolves.toBe(1);
    await expect(table.store.attempts.recordWrong('req-burst')).resolves.toBe(2);
  });

  it('keeps every concurrent change of a device’s lockout record, across writers', async () => {
    const rules = { maxFailures: 20, windowMinutes: 15 };
    const now = new Date();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        table.store.lockouts.update('GAHT-CONCURRENT', (record) => {
          const reserved = reserveCode(record, { id: `r${i}`, now, rules }).record;
          return { record: settleCode(reserved, { id: `r${i}`, wrong: true, now, rules }).record, result: i };
        }),
      ),
    );
    const record = await table.store.lockouts.update('GAHT-CONCURRENT', (r) => ({ record: r, result: r }));
    expect(record.failures).toHaveLength(8);
    expect(record.inFlight).toEqual([]);
    expect(await table.store.lockouts.update('GAHT-UNSEEN', (r) => ({ record: r, result: r }))).toEqual(
      noAttempts,
    );
  });

  it('keeps 200 concurrent changes of one device’s record from two processes, none failing', async () => {
    const rules = { maxFailures: 1000, windowMinutes: 15 };
    const now = new Date();
    const other = processStore(table);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 === 0 ? table.store : other).lockouts.update('GAHT-BURST', (record) => ({
          record: reserveCode(record, { id: `b${i}`, now, rules }).record,
          result: i,
        })),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const record = await table.store.lockouts.update('GAHT-BURST', (r) => ({ record: r, result: r }));
    expect(record.inFlight).toHaveLength(200);
  });

  it('claims a delivery once until it expires', async () => {
    const now = new Date('2026-11-27T10:00:00.000Z');
    const until = new Date('2026-11-27T10:10:00.000Z');
    await expect(table.store.deliveries.claim('submission:V1:abc', { now, until })).resolves.toBe(true);
    await expect(table.store.deliveries.claim('submission:V1:abc', { now, until })).resolves.toBe(false);
    const afterwards = new Date('2026-11-27T10:10:01.000Z');
    await expect(
      table.store.deliveries.claim('submission:V1:abc', {
        now: afterwards,
        until: new Date(afterwards.getTime() + 600_000),
      }),
    ).resolves.toBe(true);
  });
});

describe('DynamoDB store: the guards’ items as another process reads them', () => {
  it('reads back a device’s failures and codes in flight exactly as another store wrote them', async () => {
    const rules = { maxFailures: 20, windowMinutes: 15 };
    const now = new Date();
    const written = await table.store.lockouts.update('GAHT-READBACK', (record) => {
      const wrong = settleCode(reserveCode(record, { id: 'w1', now, rules }).record, {
        id: 'w1',
        wrong: true,
        now,
        rules,
      }).record;
      const next = reserveCode(wrong, { id: 'f1', now, rules }).record;
      return { record: next, result: next };
    });
    expect(written.failures).toHaveLength(1);
    expect(written.inFlight).toHaveLength(1);

    const other = processStore(table);
    const read = await other.lockouts.update('GAHT-READBACK', (record) => ({ record, result: record }));

    expect(read).toEqual(written);
  });

  it('counts a request’s code attempts across stores, and claims each reminder once', async () => {
    const request = aRequest({}, { unique: true });
    const other = processStore(table);
    expect(await table.store.attempts.recordWrong(request.id)).toBe(1);
    expect(await other.attempts.recordWrong(request.id)).toBe(2);

    const until = new Date(Date.now() + 3_600_000);
    await expect(table.store.reminders.claim(request.id, 1, until)).resolves.toBe(true);
    await expect(other.reminders.claim(request.id, 1, until)).resolves.toBe(false);
    await expect(other.reminders.claim(request.id, 2, until)).resolves.toBe(true);
  });
});

describe('DynamoDB store: verify checks requests against their events', () => {
  it('fails when a request was put back to PENDING after its events ended it', async () => {
    const own = await freshTable('verify-state');
    const request = aRequest({}, { unique: true });
    await own.store.insertRequest(request, [createdEvent(request)]);
    await own.store.updateRequest(request, transition(request, 'DENIED', later), [
      anEvent({ type: 'REQUEST_DENIED', requestId: request.id }),
    ]);
    expect(await own.store.verifyAuditChain()).toMatchObject({ ok: true, requestsChecked: 1 });
    await DynamoDBDocumentClient.from(own.client).send(
      new UpdateCommand({
        TableName: own.tableName,
        Key: requestKey(request.id),
        UpdateExpression: 'SET #state = :pending, byStatePK = :pk',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':pk': 'STATE#PENDING' },
      }),
    );
    expect(await own.store.verifyAuditChain()).toMatchObject({
      ok: false,
      badRequestId: request.id,
      problem: expect.stringMatching(/is PENDING, but event \d+ made it DENIED/),
    });
    own.client.destroy();
  });

  it('passes when only a lock was freed by hand, and fails when a request item was deleted', async () => {
    const own = await freshTable('verify-deleted');
    const request = aRequest({}, { unique: true });
    await own.store.insertRequest(request, [createdEvent(request)]);
    await DynamoDBDocumentClient.from(own.client).send(
      new DeleteCommand({ TableName: own.tableName, Key: iamUserLockKey(request.target.iamUserName) }),
    );
    expect(await own.store.verifyAuditChain()).toMatchObject({ ok: true });
    await DynamoDBDocumentClient.from(own.client).send(
      new DeleteCommand({ TableName: own.tableName, Key: requestKey(request.id) }),
    );
    expect(await own.store.verifyAuditChain()).toMatchObject({
      ok: false,
      problem: `request ${request.id} has events but its item is missing (deleted?).`,
    });
    own.client.destroy();
  });
});
