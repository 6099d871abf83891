import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoStore, GroupCommit, openAuditTable } from '../../../src/store/index.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import {
  anEvent,
  createdEvent,
  freshTable,
  processStore,
  recordCommands,
  type TestTable,
} from './fixtures.js';

/**
 * One writer per process for the audit chain: concurrent writes share transactions, a write whose
 * own condition fails is refused alone, and two processes' writers never refuse a write between
 * them for contention.
 */
const tables: TestTable[] = [];
afterEach(() => {
  for (const table of tables.splice(0)) table.client.destroy();
});

async function table(): Promise<TestTable> {
  const fresh = await freshTable('group');
  tables.push(fresh);
  return fresh;
}

describe('DynamoDB store: group commit of the audit chain', () => {
  it('writes 150 simultaneous appends of one process in a few transactions, gap-free', async () => {
    const { store, client } = await table();
    const recorded = recordCommands(client);

    await Promise.all(Array.from({ length: 150 }, () => store.appendAudit([anEvent()])));
    recorded.stop();

    const transactions = recorded.commands.filter((c) => c.name === 'TransactWriteItemsCommand');
    expect(transactions.length).toBeLessThanOrEqual(5);
    expect(await store.verifyAuditChain()).toMatchObject({ ok: true, checked: 150 });
  });

  it('writes through the one writer it is handed: two stores of a process never race for the head', async () => {
    const { client, tableName } = await table();
    const shared = openAuditTable({ tableName, client });
    const chainWriter = new GroupCommit({ table: shared });
    const stores = [1, 2].map(() => createDynamoStore({ table: shared, chainWriter }));
    const transactions = countTransactions(client);

    await Promise.all(Array.from({ length: 100 }, (_, i) => stores[i % 2]!.appendAudit([anEvent()])));
    transactions.stop();

    // One writer queues every append, so no transaction ever loses the head to another.
    expect(transactions.failed).toBe(0);
    expect(transactions.succeeded).toBeLessThanOrEqual(5);
    expect(await stores[0]!.verifyAuditChain()).toMatchObject({ ok: true, checked: 100 });
  });

  it('refuses only the write whose own condition failed; the others in its transaction are written', async () => {
    const { store } = await table();
    const taken = aRequest({}, { unique: true });
    await store.insertRequest(taken, [createdEvent(taken)]);
    const others = Array.from({ length: 5 }, () => aRequest({}, { unique: true }));

    const results = await Promise.allSettled([
      ...others.map((request) => store.insertRequest(request, [createdEvent(request)])),
      store.insertRequest(taken, [createdEvent(taken)]),
    ]);

    expect(results.slice(0, 5).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[5]).toMatchObject({ status: 'rejected', reason: { code: 'REQUEST_ALREADY_HANDLED' } });
    for (const request of others) expect(await store.getRequest(request.id)).toBeDefined();
    expect(await store.verifyAuditChain()).toMatchObject({ ok: true, checked: 6 });
  });

  it('fails only the write DynamoDB refuses for its content; the others queued with it are written', async () => {
    const { store, client } = await table();
    const transactions = countTransactions(client);
    // Over DynamoDB's 400 KB per item: refused with a ValidationException that names no item.
    const tooLarge = anEvent({ reason: 'x'.repeat(410_000) });
    const requests = Array.from({ length: 4 }, () => aRequest({}, { unique: true }));

    const results = await Promise.allSettled([
      store.appendAudit([anEvent()]),
      ...requests.map((request) => store.insertRequest(request, [createdEvent(request)])),
      store.appendAudit([tooLarge]),
      store.appendAudit([anEvent(), anEvent()]),
    ]);
    transactions.stop();

    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(results[5]).toMatchObject({
      reason: { code: 'AUDIT_STORE_UNAVAILABLE', details: { awsError: 'ValidationException' } },
    });
    for (const request of requests) expect(await store.getRequest(request.id)).toBeDefined();
    expect(await store.verifyAuditChain()).toMatchObject({ ok: true, checked: 7 });
    // The batch once, then one transaction per write: 1 + 7.
    expect(transactions.failed + transactions.succeeded).toBe(8);
  });

  it('lets two processes’ writers append 2 × 80 writes at once without refusing any', async () => {
    const { store, client, tableName } = await table();
    const other = processStore({ tableName, client });

    const results = await Promise.allSettled(
      Array.from({ length: 160 }, (_, i) =>
        (i % 2 === 0 ? store : other).appendAudit([anEvent(), anEvent()]),
      ),
    );

    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await store.verifyAuditChain()).toMatchObject({ ok: true, checked: 320 });
  });
});

/** TransactWriteItems calls on `client`, those DynamoDB applied and those it refused. */
function countTransactions(client: TestTable['client']) {
  const counts = { succeeded: 0, failed: 0 };
  const name = `count-transactions-${Math.random()}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      try {
        const result = await next(args);
        counts.succeeded += 1;
        return result;
      } catch (error) {
        counts.failed += 1;
        throw error;
      }
    },
    { step: 'initialize', name },
  );
  return {
    get succeeded() {
      return counts.succeeded;
    },
    get failed() {
      return counts.failed;
    },
    stop: () => client.middlewareStack.remove(name),
  };
}
