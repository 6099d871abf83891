import { describe, expect, it, vi } from 'vitest';
import { ResetError } from '../../../../src/domain/errors.js';
import { createReconciler } from '../../../../src/services/reconcile.js';
import { ALICE_HARDWARE, ALICE_VIRTUAL, ERIN, SAM } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

describe('approve: when things go wrong', () => {
  it('fails closed: no IAM change when the EXECUTING record cannot be written', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.store.failWrites((write) => write.kind === 'update' && write.next.state === 'EXECUTING');
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'AUDIT_STORE_UNAVAILABLE' });
    expect(world.iam.changes()).toEqual([]);
    expect(world.store.current(request.id)).toEqual(request);
    // The code was sent to STS, so it is on the record; nothing after it.
    expect(world.store.eventTypes(request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'TOKEN_SUBMITTED',
    ]);
  });

  it('goes on with the other devices when one fails, and fails the request with per-device outcomes', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.iam.failNext({
      action: 'DeactivateMFADevice',
      serial: ALICE_VIRTUAL,
      error: new ResetError('AWS_THROTTLED', 'Rate exceeded'),
    });
    const result = await world.approve(request);
    expect(result.request).toMatchObject({
      state: 'FAILED',
      failureCode: 'AWS_THROTTLED',
      outcomes: [
        {
          serial: ALICE_VIRTUAL,
          kind: 'virtual',
          deactivated: false,
          deleted: false,
          errorCode: 'AWS_THROTTLED',
        },
        { serial: ALICE_HARDWARE, kind: 'hardware', deactivated: true, deleted: false },
      ],
    });
    expect(world.store.eventTypes(request.id).slice(5)).toEqual([
      'DEVICE_RESET_FAILED',
      'DEVICE_DEACTIVATED',
      'REQUEST_FAILED',
    ]);
    expect(world.store.events().at(-1)).toMatchObject({ outcome: 'failure', errorCode: 'AWS_THROTTLED' });
    expect(world.logger.at('warn')).toEqual([
      expect.objectContaining({ fields: { serial: ALICE_VIRTUAL, code: 'AWS_THROTTLED' } }),
    ]);
    expect(world.notifier.dms.at(-1)?.state).toBe('FAILED');
  });

  it('records a virtual device deactivated but not deleted when the deletion fails', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.iam.failNext({
      action: 'DeleteVirtualMFADevice',
      error: new ResetError('AWS_UNAVAILABLE', 'timeout'),
    });
    const result = await world.approve(request);
    expect(result.request.outcomes?.[0]).toEqual({
      serial: ALICE_VIRTUAL,
      kind: 'virtual',
      deactivated: true,
      deleted: false,
      errorCode: 'AWS_UNAVAILABLE',
    });
    expect(world.store.eventTypes(request.id).slice(5, 7)).toEqual([
      'DEVICE_DEACTIVATED',
      'DEVICE_RESET_FAILED',
    ]);
  });

  it('counts a device already detached from the user as reset', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.iam.removeDevice('alice', ALICE_HARDWARE);
    const result = await world.approve(request);
    expect(result.request.state).toBe('COMPLETED');
    expect(result.request.outcomes?.[1]).toEqual({
      serial: ALICE_HARDWARE,
      kind: 'hardware',
      deactivated: true,
      deleted: false,
    });
  });

  it('counts a virtual device that was already deleted as reset', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.iam.removeDevice('alice', ALICE_VIRTUAL, { deleted: true });
    const result = await world.approve(request);
    expect(result.request.state).toBe('COMPLETED');
    expect(result.request.outcomes?.[0]).toEqual({
      serial: ALICE_VIRTUAL,
      kind: 'virtual',
      deactivated: true,
      deleted: true,
    });
  });

  it('says the reset was done but not recorded, shows it to the approvers, and leaves EXECUTING for the reconciler', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    const dmsBefore = world.notifier.dms.length;
    world.store.failWrites((write) => write.kind === 'update' && write.next.state === 'COMPLETED');
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'OUTCOME_NOT_RECORDED' });
    expect(world.store.current(request.id)?.state).toBe('EXECUTING');
    expect(world.iam.devicesOf('alice')).toEqual([]);
    expect(world.notifier.updated.at(-1)).toMatchObject({ id: request.id, state: 'COMPLETED' });
    // The members hear it once, from the reconciler that records it.
    expect(world.notifier.dms.slice(dmsBefore)).toEqual([]);

    world.store.clearFaults();
    world.clock.advanceMinutes(6);
    await createReconciler(world.deps).reconcileInterrupted({ staleAfterMs: 5 * 60_000 });
    expect(world.store.current(request.id)?.state).toBe('COMPLETED');
    expect(world.notifier.dms.slice(dmsBefore).map((dm) => [dm.id, dm.state])).toEqual([
      [request.id, 'COMPLETED'],
    ]);
  });

  it('keeps trying to record the outcome of a reset IAM carried out while the store is busy', async () => {
    const world = aWorld({ outcomeRetryMs: 5_000 });
    const request = await world.pendingRequest();
    let failures = 0;
    world.store.failWrites((write) => {
      if (write.kind !== 'update' || write.next.state !== 'COMPLETED' || failures >= 3) return false;
      failures += 1;
      return true;
    });
    const result = await world.approve(request);
    expect(failures).toBe(3);
    expect(result.request.state).toBe('COMPLETED');
    expect(world.store.current(request.id)?.state).toBe('COMPLETED');
    expect(world.store.events().map((event) => event.type)).toContain('REQUEST_COMPLETED');
  });

  it('executes exactly once when two approvers approve at the same moment', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    const held = world.sts.hold();
    const first = world.approve(request, { by: ERIN });
    const second = world.approve(request, { by: SAM });
    await vi.waitFor(() => expect(world.sts.calls).toHaveLength(2));
    held.release();
    const outcomes = await Promise.allSettled([first, second]);

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([
      { status: 'rejected', reason: expect.objectContaining({ code: 'REQUEST_ALREADY_HANDLED' }) },
    ]);
    expect(world.iam.changes().map((c) => [c.action, c.serial])).toEqual([
      ['DeactivateMFADevice', ALICE_VIRTUAL],
      ['DeleteVirtualMFADevice', ALICE_VIRTUAL],
      ['DeactivateMFADevice', ALICE_HARDWARE],
    ]);
    expect(world.store.eventTypes(request.id).filter((t) => t === 'REQUEST_APPROVED')).toHaveLength(1);
    expect(world.store.current(request.id)?.state).toBe('COMPLETED');
  });
});
