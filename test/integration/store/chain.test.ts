import { DeleteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../src/store/index.js';
import { chainHeadKey, eventKey } from '../../../src/store/table-layout.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import {
  anEvent,
  createdEvent,
  freshTable,
  processStore,
  recordCommands,
  type TestTable,
} from './fixtures.js';

// Tampering tests damage their table, so each test gets its own.
const tables: TestTable[] = [];
afterEach(() => {
  for (const table of tables.splice(0)) table.client.destroy();
});

async function tableWithEvents(count: number): Promise<TestTable> {
  const table = await freshTable('chain');
  tables.push(table);
  for (let i = 0; i < count; i++) await table.store.appendAudit([anEvent({ type: 'APPROVAL_REFUSED' })]);
  return table;
}

function documentsOf(table: TestTable) {
  return DynamoDBDocumentClient.from(table.client);
}

describe('DynamoDB store: audit hash chain', () => {
  it('starts the chain from the genesis hash and links every event to the one before', async () => {
    const table = await tableWithEvents(0);
    const request = aRequest({}, { unique: true });
    await table.store.insertRequest(request, [
      createdEvent(request),
      createdEvent(request, { type: 'REQUEST_APPROVED' }),
    ]);

    const { events } = await table.store.queryAudit({ by: 'request', requestId: request.id });

    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
  });

  it('keeps a gap-free chain when a dozen writers append at the same time', async () => {
    const table = await tableWithEvents(0);

    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        table.store.appendAudit(
          Array.from({ length: 1 + (i % 3) }, () => anEvent({ type: 'TOKEN_REJECTED' })),
        ),
      ),
    );

    const { events } = await table.store.queryAudit({ by: 'time', limit: 1000 });
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 24 }, (_, i) => i + 1),
    );
    expect(await table.store.verifyAuditChain()).toEqual({ ok: true, checked: 24, requestsChecked: 0 });
  });

  it('appends after the head another writer moved, although it remembered an older head', async () => {
    const table = await tableWithEvents(0);
    // Two bot instances on one table: each remembers the head it wrote last.
    const other = processStore(table);
    for (let round = 0; round < 3; round++) {
      await table.store.appendAudit([anEvent()]);
      await other.appendAudit([anEvent(), anEvent()]);
    }

    const { events } = await table.store.queryAudit({ by: 'time', limit: 1000 });
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 9 }, (_, i) => i + 1),
    );
    expect(await table.store.verifyAuditChain()).toEqual({ ok: true, checked: 9, requestsChecked: 0 });
  });

  it('reads the chain head only when it does not know it', async () => {
    const table = await tableWithEvents(0);
    const recorded = recordCommands(table.client);
    await table.store.appendAudit([anEvent()]);
    await table.store.appendAudit([anEvent()]);

    expect(recorded.commands.map((c) => c.name)).toEqual([
      'GetItemCommand',
      'TransactWriteItemsCommand',
      'TransactWriteItemsCommand',
    ]);
  });

  it('verifies an untouched chain, including an empty one', async () => {
    expect(await (await tableWithEvents(0)).store.verifyAuditChain()).toEqual({
      ok: true,
      checked: 0,
      requestsChecked: 0,
    });
    expect(await (await tableWithEvents(3)).store.verifyAuditChain()).toEqual({
      ok: true,
      checked: 3,
      requestsChecked: 0,
    });
  });

  it('detects an edited event and names its seq', async () => {
    const table = await tableWithEvents(4);
    await documentsOf(table).send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: eventKey(2),
        UpdateExpression: 'SET outcome = :outcome',
        ExpressionAttributeValues: { ':outcome': 'failure' },
      }),
    );

    expect(await table.store.verifyAuditChain()).toMatchObject({ ok: false, firstBadSeq: 2, checked: 4 });
  });

  it('detects a deleted event as a gap at its seq', async () => {
    const table = await tableWithEvents(4);
    await documentsOf(table).send(new DeleteCommand({ TableName: table.tableName, Key: eventKey(3) }));

    const verification = await table.store.verifyAuditChain();

    expect(verification).toMatchObject({ ok: false, firstBadSeq: 3 });
    expect(verification.problem).toMatch(/missing/);
  });

  it('detects a deleted last event through the chain head', async () => {
    const table = await tableWithEvents(3);
    await documentsOf(table).send(new DeleteCommand({ TableName: table.tableName, Key: eventKey(3) }));

    expect(await table.store.verifyAuditChain()).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('detects a broken link when an event is replaced by one hashed correctly but chained elsewhere', async () => {
    const table = await tableWithEvents(3);
    const other = await tableWithEvents(3);
    const { events } = await other.store.queryAudit({ by: 'time' });
    // Event 2 of another, intact chain: its own hash is right, its prevHash is not ours.
    const foreign = events.find((e) => e.seq === 2);
    await documentsOf(table).send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: eventKey(2),
        UpdateExpression: 'SET prevHash = :prevHash, #hash = :hash, eventId = :eventId',
        ExpressionAttributeNames: { '#hash': 'hash' },
        ExpressionAttributeValues: {
          ':prevHash': foreign?.prevHash,
          ':hash': foreign?.hash,
          ':eventId': foreign?.eventId,
        },
      }),
    );

    const verification = await table.store.verifyAuditChain();

    expect(verification).toMatchObject({ ok: false, firstBadSeq: 2 });
    expect(verification.problem).toMatch(/does not link/);
  });

  it('fails closed, writing nothing, when the chain head has been deleted under existing events', async () => {
    const table = await tableWithEvents(2);
    await documentsOf(table).send(new DeleteCommand({ TableName: table.tableName, Key: chainHeadKey }));
    const impatient = processStore(table, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });

    await expect(impatient.appendAudit([anEvent()])).rejects.toMatchObject({
      code: 'AUDIT_STORE_UNAVAILABLE',
    });
    expect(await table.store.verifyAuditChain()).toMatchObject({ ok: false, firstBadSeq: 1 });
  });
});
