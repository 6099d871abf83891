import { describe, expect, it } from 'vitest';
import { ResetError } from '../../../../src/domain/errors.js';
import { BOB, ERIN, FIONA } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

describe('expiry', () => {
  it('closes a request as EXPIRED when someone tries to approve it after its expiry', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.clock.advanceMinutes(60);
    await expect(world.approve(request)).rejects.toBeInstanceOf(ResetError);
    expect(world.store.current(request.id)).toMatchObject({ state: 'EXPIRED', version: request.version + 1 });
    expect(world.store.events().at(-1)).toMatchObject({ type: 'REQUEST_EXPIRED', actor: { kind: 'bot' } });
    expect(world.notifier.dms.at(-1)?.state).toBe('EXPIRED');
    expect(world.sts.calls).toEqual([]);
    expect(world.iam.changes()).toEqual([]);
  });

  it('tells an approver who is too late that the request expired', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.clock.advanceMinutes(60);
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'REQUEST_EXPIRED' });
  });

  it('tells an approver who denies too late that the request expired', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.clock.advanceMinutes(61);
    await expect(
      world.approvals.deny({ requestId: request.id, approverSlackId: ERIN, reason: 'not needed' }),
    ).rejects.toMatchObject({ code: 'REQUEST_EXPIRED' });
  });

  it('still accepts an approval a minute before the expiry', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.clock.advanceMinutes(59);
    await expect(world.approve(request)).resolves.toMatchObject({ request: { state: 'COMPLETED' } });
  });
});

describe('expireDue', () => {
  it('closes every pending request past its expiry, and only those', async () => {
    const world = aWorld();
    const old = await world.pendingRequest();
    world.clock.advanceMinutes(30);
    const recent = await world.pendingRequest({ requester: BOB });
    const handled = await world.pendingRequest({ requester: FIONA });
    await world.approvals.deny({ requestId: handled.id, approverSlackId: ERIN, reason: 'duplicate' });
    world.clock.advanceMinutes(31);

    await expect(world.approvals.expireDue()).resolves.toBe(1);
    expect(world.store.current(old.id)?.state).toBe('EXPIRED');
    expect(world.store.current(recent.id)?.state).toBe('PENDING');
    expect(world.store.current(handled.id)?.state).toBe('DENIED');
    expect(world.store.eventTypes(old.id).at(-1)).toBe('REQUEST_EXPIRED');
    expect(world.notifier.updated.filter((r) => r.id === old.id).map((r) => r.state)).toEqual(['EXPIRED']);
  });

  it('returns 0 and writes nothing when nothing is due', async () => {
    const world = aWorld();
    await world.pendingRequest();
    const eventsBefore = world.store.events().length;
    await expect(world.approvals.expireDue()).resolves.toBe(0);
    expect(world.store.events()).toHaveLength(eventsBefore);
  });

  it('leaves a request to an approver who decided on it first, and goes on with the others', async () => {
    const world = aWorld();
    const raced = await world.pendingRequest();
    const other = await world.pendingRequest({ requester: BOB });
    world.clock.advanceMinutes(60);
    world.store.failWrites(
      (write) => write.kind === 'update' && write.next.id === raced.id,
      new ResetError('REQUEST_ALREADY_HANDLED', 'changed by someone else'),
    );
    await expect(world.approvals.expireDue()).resolves.toBe(1);
    expect(world.store.current(other.id)?.state).toBe('EXPIRED');
  });

  it('stops with the error when the store is unavailable', async () => {
    const world = aWorld();
    await world.pendingRequest();
    world.clock.advanceMinutes(60);
    world.store.unavailable = true;
    await expect(world.approvals.expireDue()).rejects.toMatchObject({ code: 'AUDIT_STORE_UNAVAILABLE' });
  });
});
