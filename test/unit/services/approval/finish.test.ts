import { describe, expect, it, vi } from 'vitest';
import { ResetError } from '../../../../src/domain/errors.js';
import { createReconciler } from '../../../../src/services/reconcile.js';
import {
  ALICE,
  ALICE_HARDWARE,
  ALICE_VIRTUAL,
  APPROVALS_CHANNEL,
  BOB,
  ERIN,
  ERIN_SERIAL,
  SAM,
} from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

/**
 * A reset of alice's two devices that a crash interrupted after deactivating her virtual device
 * and before deleting it (her hardware token deactivated too, unless `hardwareAttached`): the
 * reconciler has left the request UNFINISHED.
 */
async function anUnfinishedReset(options: { hardwareAttached?: boolean } = {}) {
  const world = aWorld();
  const seeded = world.seedRequest({
    state: 'EXECUTING',
    version: 3,
    decision: { by: ERIN, at: world.clock.now().toISOString() },
    approvalMessage: { channel: APPROVALS_CHANNEL, ts: '1741000000.000001' },
  });
  world.iam.removeDevice('alice', ALICE_VIRTUAL, { deleted: false });
  if (options.hardwareAttached !== true) world.iam.removeDevice('alice', ALICE_HARDWARE);
  world.clock.advanceMinutes(6);
  await createReconciler(world.deps).reconcileInterrupted({ staleAfterMs: 5 * 60_000 });
  const request = world.store.current(seeded.id)!;
  expect(request.state).toBe('UNFINISHED');
  const finish = (by: string = ERIN, code = world.codeFor(by)) =>
    world.approvals.finish({ requestId: request.id, approverSlackId: by, tokenCode: code });
  const eventsSinceUnfinished = () => {
    const types = world.store.eventTypes(request.id);
    return types.slice(types.indexOf('REQUEST_UNFINISHED') + 1);
  };
  return { world, request, finish, eventsSinceUnfinished };
}

describe('finishing a reset a crash left unfinished', () => {
  it('deletes the left-over device with the approver’s MFA session, and completes the request', async () => {
    const { world, request, finish, eventsSinceUnfinished } = await anUnfinishedReset();

    const finished = await finish(ERIN);

    const [session] = world.sts.issuedCredentials;
    expect(world.sts.calls.map((call) => call.serial)).toEqual([ERIN_SERIAL]);
    expect(world.iam.changes()).toEqual([
      { action: 'DeleteVirtualMFADevice', serial: ALICE_VIRTUAL, credentials: session },
    ]);
    expect(world.iam.released).toEqual([session]);
    expect(world.iam.virtualDeviceExists(ALICE_VIRTUAL)).toBe(false);
    expect(finished).toMatchObject({ state: 'COMPLETED' });
    expect(finished.failureCode).toBeUndefined();
    expect(world.store.current(request.id)?.outcomes).toEqual([
      { serial: ALICE_VIRTUAL, kind: 'virtual', deactivated: true, deleted: true },
      { serial: ALICE_HARDWARE, kind: 'hardware', deactivated: true, deleted: false },
    ]);
    expect(eventsSinceUnfinished()).toEqual([
      'TOKEN_SUBMITTED',
      'FINISH_STARTED',
      'DEVICE_DELETED',
      'REQUEST_COMPLETED',
    ]);
    const submitted = world.store.events().findLast((event) => event.type === 'TOKEN_SUBMITTED');
    expect(world.store.events().find((event) => event.type === 'FINISH_STARTED')).toMatchObject({
      actor: { kind: 'member', slackUserId: ERIN },
      mfaSerial: ERIN_SERIAL,
      devices: [ALICE_VIRTUAL],
      // The code AWS accepted is given back: it counts neither against the request nor the device.
      details: { sessionKeyId: session?.accessKeyId, submission: submitted?.details?.submission },
    });
    expect(world.notifier.updated.at(-1)).toMatchObject({ id: request.id, state: 'COMPLETED' });
    expect(world.notifier.dms.at(-1)).toMatchObject({ id: request.id, state: 'COMPLETED' });
  });

  it('counts a device someone already deleted as done', async () => {
    const { world, finish } = await anUnfinishedReset();
    world.iam.removeDevice('alice', ALICE_VIRTUAL, { deleted: true });

    expect(await finish(SAM)).toMatchObject({ state: 'COMPLETED' });
  });

  it('ends FAILED, not COMPLETED, when the crash also left a device attached, which it does not touch', async () => {
    const { world, finish, eventsSinceUnfinished } = await anUnfinishedReset({ hardwareAttached: true });

    const finished = await finish(ERIN);

    expect(finished).toMatchObject({ state: 'FAILED', failureCode: 'EXECUTION_INTERRUPTED' });
    expect(world.iam.changes().map((call) => call.action)).toEqual(['DeleteVirtualMFADevice']);
    expect(world.iam.devicesOf('alice')).toEqual([ALICE_HARDWARE]);
    expect(eventsSinceUnfinished()).toEqual([
      'TOKEN_SUBMITTED',
      'FINISH_STARTED',
      'DEVICE_DELETED',
      'REQUEST_FAILED',
    ]);
  });

  it.each([
    ['the requester and target', ALICE, 'SELF_APPROVAL'],
    ['someone who is not an approver', BOB, 'NOT_AN_APPROVER'],
  ])('refuses %s, audited, without asking AWS', async (_who, member, code) => {
    const { world, request, finish, eventsSinceUnfinished } = await anUnfinishedReset();

    await expect(finish(member, '123456')).rejects.toMatchObject({ code });

    expect(world.sts.calls).toEqual([]);
    expect(world.iam.changes()).toEqual([]);
    expect(world.store.current(request.id)?.state).toBe('UNFINISHED');
    expect(eventsSinceUnfinished()).toEqual(['APPROVAL_REFUSED']);
  });

  it('refuses a request that is not unfinished', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();

    await expect(
      world.approvals.finish({
        requestId: request.id,
        approverSlackId: ERIN,
        tokenCode: world.codeFor(ERIN),
      }),
    ).rejects.toMatchObject({ code: 'REQUEST_ALREADY_HANDLED' });
    expect(world.sts.calls).toEqual([]);
  });

  it('leaves it finishable after a code AWS rejects, recorded against the request', async () => {
    const { world, request, finish, eventsSinceUnfinished } = await anUnfinishedReset();

    await expect(finish(ERIN, '000000')).rejects.toMatchObject({
      code: 'TOKEN_CODE_REJECTED',
      details: { attemptsLeft: 2 },
    });
    expect(world.iam.changes()).toEqual([]);
    expect(world.store.current(request.id)?.state).toBe('UNFINISHED');
    expect(eventsSinceUnfinished()).toEqual(['TOKEN_SUBMITTED', 'TOKEN_REJECTED']);

    expect(await finish(ERIN)).toMatchObject({ state: 'COMPLETED' });
  });

  it('takes no more codes once the request’s attempts are used, and still does not close it', async () => {
    const { world, request, finish } = await anUnfinishedReset();
    await expect(finish(ERIN, '000000')).rejects.toMatchObject({ code: 'TOKEN_CODE_REJECTED' });
    await expect(finish(ERIN, '000001')).rejects.toMatchObject({ code: 'TOKEN_CODE_REJECTED' });

    await expect(finish(ERIN, '000002')).rejects.toMatchObject({ code: 'TOKEN_ATTEMPTS_EXHAUSTED' });
    await expect(finish(SAM)).rejects.toMatchObject({ code: 'TOKEN_ATTEMPTS_EXHAUSTED' });

    expect(world.sts.calls).toHaveLength(3);
    expect(world.iam.changes()).toEqual([]);
    expect(world.store.current(request.id)).toMatchObject({
      state: 'UNFINISHED',
      failureCode: 'DEVICE_NOT_DELETED',
    });
  });

  it('leaves it finishable when the deletion fails, and says why', async () => {
    const { world, request, finish, eventsSinceUnfinished } = await anUnfinishedReset();
    world.iam.failNext({
      action: 'DeleteVirtualMFADevice',
      error: new ResetError('AWS_ACCESS_DENIED', 'not authorized to perform: iam:DeleteVirtualMFADevice'),
    });

    await expect(finish(ERIN)).rejects.toMatchObject({ code: 'AWS_ACCESS_DENIED' });
    expect(world.store.current(request.id)).toMatchObject({
      state: 'UNFINISHED',
      failureCode: 'DEVICE_NOT_DELETED',
    });
    expect(world.iam.virtualDeviceExists(ALICE_VIRTUAL)).toBe(true);
    expect(eventsSinceUnfinished()).toEqual(['TOKEN_SUBMITTED', 'FINISH_STARTED', 'DEVICE_RESET_FAILED']);

    expect(await finish(SAM)).toMatchObject({ state: 'COMPLETED' });
    expect(world.iam.virtualDeviceExists(ALICE_VIRTUAL)).toBe(false);
  });

  it('lets one of two finishes at once go on; the other is told it was already handled', async () => {
    const { world, request, finish } = await anUnfinishedReset();
    const held = world.sts.hold();
    const first = finish(ERIN);
    const second = finish(SAM);
    await vi.waitFor(() => expect(world.sts.calls).toHaveLength(2));
    held.release();
    const outcomes = await Promise.allSettled([first, second]);

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toEqual([
      { status: 'fulfilled', value: expect.objectContaining({ state: 'COMPLETED' }) },
    ]);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([
      { status: 'rejected', reason: expect.objectContaining({ code: 'REQUEST_ALREADY_HANDLED' }) },
    ]);
    expect(world.iam.changes()).toHaveLength(1);
    expect(world.store.eventTypes(request.id).filter((type) => type === 'FINISH_STARTED')).toHaveLength(1);
    expect(world.iam.released).toHaveLength(2);
  });
});
