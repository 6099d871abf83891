import { describe, expect, it } from 'vitest';
import { ERIN_SERIAL, WRONG_CODE } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

describe('approve: the chain counts codes, the counters only go first', () => {
  it('closes the request on its last wrong code although its attempt counter was put back to zero after each', async () => {
    const world = aWorld({ rules: { approvers: { lockout: { maxFailures: 20, windowMinutes: 15 } } } });
    const request = await world.pendingRequest();
    for (let n = 1; n <= 2; n++) {
      await expect(world.approve(request, { code: WRONG_CODE })).rejects.toMatchObject({
        code: 'TOKEN_CODE_REJECTED',
      });
      world.attempts.rollBack(request.id);
    }
    await expect(world.approve(request, { code: WRONG_CODE })).rejects.toMatchObject({
      code: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    expect(world.store.current(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'REQUEST_ALREADY_HANDLED' });
    expect(world.sts.calls).toHaveLength(3);
    expect(world.iam.changes()).toEqual([]);
  });

  it('refuses a code, even a right one, without calling STS once the chain locks the device although its record was emptied, and audits the disagreement', async () => {
    const world = aWorld({ rules: { approvers: { lockout: { maxFailures: 2, windowMinutes: 15 } } } });
    const request = await world.pendingRequest();
    for (let n = 1; n <= 2; n++) {
      await expect(world.approve(request, { code: WRONG_CODE })).rejects.toMatchObject({
        code: 'TOKEN_CODE_REJECTED',
      });
      world.lockouts.rollBack(ERIN_SERIAL);
    }

    await expect(world.approve(request)).rejects.toMatchObject({
      code: 'APPROVER_DEVICE_LOCKED',
      details: { retryAt: expect.any(String) },
    });

    expect(world.sts.calls).toHaveLength(2);
    expect(world.iam.changes()).toEqual([]);
    expect(world.store.current(request.id)).toMatchObject({ state: 'PENDING' });
    const [disagreed, refused] = world.store.eventsOf(request.id).slice(-2);
    expect(disagreed).toMatchObject({
      type: 'CODE_COUNT_DISAGREED',
      errorCode: 'APPROVER_DEVICE_LOCKED',
      mfaSerial: ERIN_SERIAL,
      details: { counter: 'device-lockout', counted: 2 },
    });
    expect(refused).toMatchObject({ type: 'APPROVAL_REFUSED', errorCode: 'APPROVER_DEVICE_LOCKED' });
    // The refused code gave its places back: two wrong codes taken, nothing in flight.
    expect(world.attempts.of(request.id).reserved).toBe(2);
    expect(world.lockouts.recordOf(ERIN_SERIAL).inFlight).toEqual([]);
  });

  it('sends nothing to STS when the code cannot be put on the record first, and gives its places back', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.store.failWrites(
      (write) => write.kind === 'append' && write.events.some((e) => e.type === 'TOKEN_SUBMITTED'),
    );
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'AUDIT_STORE_UNAVAILABLE' });
    expect(world.sts.calls).toEqual([]);
    expect(world.attempts.of(request.id).reserved).toBe(0);
    expect(world.lockouts.recordOf(ERIN_SERIAL).inFlight).toEqual([]);
    expect(world.store.current(request.id)).toMatchObject({ state: 'PENDING' });
  });
});
