import { describe, expect, it } from 'vitest';
import type { AuditEventDraft } from '../../../src/domain/audit.js';
import { transition } from '../../../src/domain/request.js';
import { InMemoryStore } from './in-memory-store.js';
import { aRequest } from './request-builder.js';

const later = new Date('2025-03-03T09:05:00.000Z');

function anEvent(eventId: string, requestId = 'req-0001'): AuditEventDraft {
  return {
    eventId,
    type: 'REQUEST_CREATED',
    at: later.toISOString(),
    requestId,
    actor: { kind: 'bot' },
    outcome: 'info',
  };
}

describe('InMemoryStore honours the Store contract', () => {
  it('creates a request once, with its events', async () => {
    const store = new InMemoryStore();
    await store.insertRequest(aRequest(), [anEvent('e1')]);
    await expect(store.insertRequest(aRequest(), [anEvent('e2')])).rejects.toMatchObject({
      code: 'REQUEST_ALREADY_HANDLED',
    });
    expect(store.events().map((e) => e.eventId)).toEqual(['e1']);
  });

  it('updates only from the state and version the writer read, and writes nothing otherwise', async () => {
    const store = new InMemoryStore();
    const request = aRequest();
    await store.insertRequest(request, [anEvent('e1')]);
    const denied = transition(request, 'DENIED', later);
    await store.updateRequest(request, denied, [anEvent('e2')]);
    const cancelled = transition(request, 'CANCELLED', later);
    await expect(store.updateRequest(request, cancelled, [anEvent('e3')])).rejects.toMatchObject({
      code: 'REQUEST_ALREADY_HANDLED',
    });
    expect(store.current(request.id)).toEqual(denied);
    expect(store.events().map((e) => e.eventId)).toEqual(['e1', 'e2']);
  });

  it('refuses an update that is not exactly the next version', async () => {
    const store = new InMemoryStore();
    const request = aRequest();
    await store.insertRequest(request, [anEvent('e1')]);
    const skipping = { ...transition(request, 'DENIED', later), version: request.version + 2 };
    await expect(store.updateRequest(request, skipping, [anEvent('e2')])).rejects.toMatchObject({
      code: 'INTERNAL',
    });
    expect(store.current(request.id)).toEqual(request);
  });

  it('refuses a state change without an audit event', async () => {
    const store = new InMemoryStore();
    const request = aRequest();
    await store.insertRequest(request, [anEvent('e1')]);
    await expect(
      store.updateRequest(request, transition(request, 'DENIED', later), []),
    ).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });

  it('fails every call with AUDIT_STORE_UNAVAILABLE while switched off', async () => {
    const store = new InMemoryStore();
    store.unavailable = true;
    await expect(store.insertRequest(aRequest(), [anEvent('e1')])).rejects.toMatchObject({
      code: 'AUDIT_STORE_UNAVAILABLE',
    });
    await expect(store.getRequest('req-0001')).rejects.toMatchObject({ code: 'AUDIT_STORE_UNAVAILABLE' });
    expect(store.requests()).toEqual([]);
  });

  it('chains events in order and finds them by request, target, actor and time', async () => {
    const store = new InMemoryStore();
    await store.appendAudit([anEvent('e1', 'a'), anEvent('e2', 'b'), anEvent('e3', 'a')]);
    expect(store.events().map((e) => [e.seq, e.prevHash])).toEqual([
      [1, 'genesis'],
      [2, 'fake-hash-1'],
      [3, 'fake-hash-2'],
    ]);
    expect(store.eventsOf('a').map((e) => e.eventId)).toEqual(['e1', 'e3']);
    const page = await store.queryAudit({ by: 'time', limit: 2 });
    expect(page.events.map((e) => e.eventId)).toEqual(['e1', 'e2']);
    const rest = await store.queryAudit({ by: 'time', limit: 2, cursor: page.cursor });
    expect(rest).toEqual({ events: [expect.objectContaining({ eventId: 'e3' })] });
  });

  it('hands out copies, so a caller cannot change what is stored', async () => {
    const store = new InMemoryStore();
    await store.insertRequest(aRequest(), [anEvent('e1')]);
    const read = await store.getRequest('req-0001');
    if (read !== undefined) Object.assign(read, { state: 'DENIED' });
    expect(store.current('req-0001')?.state).toBe('PENDING');
  });
});
