import { afterEach, describe, expect, it } from 'vitest';
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
