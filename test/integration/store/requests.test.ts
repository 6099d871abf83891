import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResetError } from '../../../src/domain/errors.js';
import { amend, transition } from '../../../src/domain/request.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { anEvent, createdEvent, freshTable, type TestTable } from './fixtures.js';

let table: TestTable;

beforeAll(async () => {
  table = await freshTable('requests');
});
afterAll(() => table.client.destroy());

const later = new Date('2026-11-27T10:05:00.000Z');

async function eventsOf(requestId: string) {
  return (await table.store.queryAudit({ by: 'request', requestId, limit: 1000 })).events;
}

describe('DynamoDB store: requests', () => {
  it('reads back a created request exactly as it was written, with its audit event', async () => {
    const request = aRequest(
      { approvalMessage: { channel: 'C0APPROVALS', ts: '1700000000.000100' } },
      { unique: true },
    );
    const created = createdEvent(request, {
      details: { expiresAt: request.expiresAt, deviceCount: 1, viaModal: true },
    });

    await table.store.insertRequest(request, [created]);

    expect(await table.store.getRequest(request.id)).toEqual(request);
    const [event] = await eventsOf(request.id);
    expect(event).toMatchObject({ ...created, seq: expect.any(Number) });
    expect(event?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('returns undefined for a request that does not exist', async () => {
    expect(await table.store.getRequest('no-such-request')).toBeUndefined();
  });

  it('refuses to create a request whose id is taken, writing none of its events', async () => {
    const request = aRequest({}, { unique: true });
    await table.store.insertRequest(request, [createdEvent(request)]);

    const again = table.store.insertRequest(request, [createdEvent(request)]);

    await expect(again).rejects.toMatchObject({ code: 'REQUEST_ALREADY_HANDLED' });
    expect(await eventsOf(request.id)).toHaveLength(1);
  });

  it('writes the next version of a request together with its events', async () => {
    const request = aRequest({}, { unique: true });
    await table.store.insertRequest(request, [createdEvent(request)]);
    const denied = transition(request, 'DENIED', later, {
      decision: { by: 'U0BOB', at: later.toISOString() },
    });

    await table.store.updateRequest(request, denied, [
      anEvent({
        type: 'REQUEST_DENIED',
        requestId: request.id,
        actor: { kind: 'member', slackUserId: 'U0BOB' },
      }),
    ]);

    expect(await table.store.getRequest(request.id)).toEqual(denied);
    expect((await eventsOf(request.id)).map((event) => event.type)).toEqual([
      'REQUEST_CREATED',
      'REQUEST_DENIED',
    ]);
    expect((await table.store.listRequestsByState('DENIED')).map((r) => r.id)).toContain(request.id);
    expect((await table.store.listRequestsByState('PENDING')).map((r) => r.id)).not.toContain(request.id);
  });

  it('refuses an update based on a stale version with REQUEST_ALREADY_HANDLED and writes no events', async () => {
    const request = aRequest({}, { unique: true });
    await table.store.insertRequest(request, [createdEvent(request)]);
    const approved = transition(request, 'EXPIRED', later);
    await table.store.updateRequest(request, approved, [
      anEvent({ type: 'REQUEST_EXPIRED', requestId: request.id }),
    ]);

    const stale = table.store.updateRequest(request, transition(request, 'DENIED', later), [
      anEvent({ type: 'REQUEST_DENIED', requestId: request.id }),
    ]);

    await expect(stale).rejects.toBeInstanceOf(ResetError);
    await expect(stale).rejects.toMatchObject({ code: 'REQUEST_ALREADY_HANDLED' });
    expect((await eventsOf(request.id)).map((event) => event.type)).toEqual([
      'REQUEST_CREATED',
      'REQUEST_EXPIRED',
    ]);
    expect(await table.store.getRequest(request.id)).toEqual(approved);
  });

  it('refuses a stale version even when the state stayed the same', async () => {
    const request = aRequest({}, { unique: true });
    await table.store.insertRequest(request, [createdEvent(request)]);
    const firstApproval = amend(request, later, {
      approvals: [{ slackUserId: 'U0BOB', at: later.toISOString() }],
    });
    await table.store.updateRequest(request, firstApproval, [
      anEvent({ type: 'APPROVAL_RECORDED', requestId: request.id }),
    ]);

    const secondFromStale = amend(request, later, {
      approvals: [{ slackUserId: 'U0CAROL', at: later.toISOString() }],
    });
    const stale = table.store.updateRequest(request, secondFromStale, [
      anEvent({ type: 'APPROVAL_RECORDED', requestId: request.id }),
    ]);

    await expect(stale).rejects.toMatchObject({ code: 'REQUEST_ALREADY_HANDLED' });
    expect(await table.store.getRequest(request.id)).toEqual(firstApproval);
    expect(await eventsOf(request.id)).toHaveLength(2);
  });

  it('lets exactly one of ten simultaneous updates from the same version win', async () => {
    const request = aRequest({}, { unique: true });
    await table.store.insertRequest(request, [createdEvent(request)]);

    const attempts = Array.from({ length: 10 }, (_, i) => {
      const approver = `U0APPROVER${i}`;
      const next = amend(request, later, {
        approvals: [{ slackUserId: approver, at: later.toISOString() }],
      });
      const event = anEvent({
        type: 'APPROVAL_RECORDED',
        requestId: request.id,
        actor: { kind: 'member', slackUserId: approver },
      });
      return table.store.updateRequest(request, next, [event]);
    });
    const results = await Promise.allSettled(attempts);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect(result.reason).toMatchObject({ code: 'REQUEST_ALREADY_HANDLED' });
    }
    const events = await eventsOf(request.id);
    expect(events.map((event) => event.type)).toEqual(['REQUEST_CREATED', 'APPROVAL_RECORDED']);
    const stored = await table.store.getRequest(request.id);
    expect(stored?.approvals[0]?.slackUserId).toBe(events[1]?.actor.slackUserId);
  });

  it('rejects an update that is not the next version, before writing anything', async () => {
    const request = aRequest({}, { unique: true });
    const skipping = { ...transition(request, 'EXECUTING', later), version: 3 };

    await expect(table.store.updateRequest(request, skipping, [anEvent()])).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });

  it('rejects a state change without an audit event', async () => {
    const request = aRequest({}, { unique: true });
    await table.store.insertRequest(request, [createdEvent(request)]);

    const silent = table.store.updateRequest(request, transition(request, 'CANCELLED', later), []);

    await expect(silent).rejects.toMatchObject({ code: 'INTERNAL' });
    expect((await table.store.getRequest(request.id))?.state).toBe('PENDING');
  });

  it('refuses a write larger than DynamoDB allows in one transaction with a coded error', async () => {
    const request = aRequest({}, { unique: true });
    // With the request, its IAM user's lock, its creation record and the chain head: 101 items.
    const tooMany = Array.from({ length: 97 }, () => createdEvent(request));

    await expect(table.store.insertRequest(request, tooMany)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await table.store.getRequest(request.id)).toBeUndefined();
    await expect(table.store.insertRequest(request, tooMany.slice(0, 96))).resolves.toHaveLength(96);
  });

  it('lists the requests in a state, up to the limit asked for', async () => {
    const expiring = [
      aRequest({ state: 'EXECUTING' }, { unique: true }),
      aRequest({ state: 'EXECUTING' }, { unique: true }),
      aRequest({ state: 'EXECUTING' }, { unique: true }),
    ];
    for (const request of expiring) await table.store.insertRequest(request, [createdEvent(request)]);

    const all = await table.store.listRequestsByState('EXECUTING');
    const two = await table.store.listRequestsByState('EXECUTING', 2);

    expect(all.map((r) => r.id).sort()).toEqual(expiring.map((r) => r.id).sort());
    expect(two).toHaveLength(2);
    expect(all[0]).toEqual(expiring.find((r) => r.id === all[0]?.id));
  });
});
