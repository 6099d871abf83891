import { describe, expect, it } from 'vitest';
import { BOB, ERIN, ERIN_SERIAL, FIONA, SAM, WRONG_CODE } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

describe('approve: an approver device locked after repeated wrong codes, across requests', () => {
  /** Alice's request gets 3 wrong codes from ERIN (and fails), Bob's 2: five from one device. */
  async function fiveWrongCodes(world: ReturnType<typeof aWorld>) {
    const alices = await world.pendingRequest();
    for (let i = 0; i < 3; i++) await world.approve(alices, { code: WRONG_CODE }).catch(() => undefined);
    const bobs = await world.pendingRequest({ requester: BOB });
    for (let i = 0; i < 2; i++) await world.approve(bobs, { code: WRONG_CODE }).catch(() => undefined);
    return { alices, bobs };
  }

  it('refuses the next code, even a right one, without calling STS', async () => {
    const world = aWorld();
    const { alices, bobs } = await fiveWrongCodes(world);
    expect(world.store.current(alices.id)?.state).toBe('FAILED');
    expect(world.sts.calls).toHaveLength(5);

    await expect(world.approve(bobs)).rejects.toMatchObject({
      code: 'APPROVER_DEVICE_LOCKED',
      details: { retryAt: '2025-03-03T09:15:00.000Z' },
    });
    expect(world.sts.calls).toHaveLength(5);
    expect(world.iam.changes()).toEqual([]);
    expect(world.store.current(bobs.id)?.state).toBe('PENDING');
    expect(world.attempts.of(bobs.id)).toEqual({ reserved: 2, wrong: 2 });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'APPROVAL_REFUSED',
      errorCode: 'APPROVER_DEVICE_LOCKED',
      details: { retryAt: '2025-03-03T09:15:00.000Z' },
    });
  });

  it('audits the lock once, when it starts, and alerts the approvals channel', async () => {
    const world = aWorld();
    const { bobs } = await fiveWrongCodes(world);
    await world.approve(bobs).catch(() => undefined);
    await world.approve(bobs).catch(() => undefined);

    const locks = world.store.events().filter((e) => e.type === 'APPROVER_DEVICE_LOCKED');
    expect(locks).toEqual([
      expect.objectContaining({
        actor: { kind: 'member', slackUserId: ERIN },
        mfaSerial: ERIN_SERIAL,
        requestId: bobs.id,
        details: { until: '2025-03-03T09:15:00.000Z' },
      }),
    ]);
    expect(world.notifier.alarms).toEqual([
      {
        kind: 'device-locked',
        approverSlackId: ERIN,
        mfaSerial: ERIN_SERIAL,
        until: '2025-03-03T09:15:00.000Z',
        anchor: { seq: locks[0]!.seq, hash: locks[0]!.hash },
      },
    ]);
  });

  it('accepts the device’s codes again once the window has passed', async () => {
    const world = aWorld();
    const { bobs } = await fiveWrongCodes(world);
    world.clock.set('2025-03-03T09:14:59.999Z');
    await expect(world.approve(bobs)).rejects.toMatchObject({ code: 'APPROVER_DEVICE_LOCKED' });
    world.clock.set('2025-03-03T09:15:00.000Z');
    await expect(world.approve(bobs)).resolves.toMatchObject({ request: { state: 'COMPLETED' } });
  });

  it('locks only that device: another approver’s device still works', async () => {
    const world = aWorld();
    const { bobs } = await fiveWrongCodes(world);
    await expect(world.approve(bobs, { by: SAM })).resolves.toMatchObject({
      request: { state: 'COMPLETED' },
    });
  });

  it('makes codes beyond the device’s places wait their turn instead of refusing them', async () => {
    const world = aWorld({ rules: { approvers: { lockout: { maxFailures: 2, windowMinutes: 15 } } } });
    const requests = [
      await world.pendingRequest(),
      await world.pendingRequest({ requester: BOB }),
      await world.pendingRequest({ requester: FIONA }),
    ];
    const gate = world.sts.hold();

    const approvals = requests.map((request) => world.approve(request));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Two places: the third code waits; it does not reach STS, and it is not refused.
    expect(world.sts.calls).toHaveLength(2);
    gate.release();

    const results = await Promise.all(approvals);
    expect(results.map((result) => result.request.state)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(world.sts.calls).toHaveLength(3);
    expect(world.store.events().some((e) => e.errorCode === 'APPROVER_DEVICE_LOCKED')).toBe(false);
  });
});
