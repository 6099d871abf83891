import { describe, expect, it } from 'vitest';
import { ResetError } from '../../../../src/domain/errors.js';
import { SAM, WRONG_CODE } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

describe('approve: code attempts taken before STS sees a code', () => {
  it('sends at most maxTokenAttempts of six parallel wrong codes to STS, and closes the request once', async () => {
    const world = aWorld({ rules: { approvers: { lockout: { maxFailures: 20, windowMinutes: 15 } } } });
    const request = await world.pendingRequest();
    const held = world.sts.hold();
    const results = Promise.allSettled(
      Array.from({ length: 6 }, () => world.approve(request, { code: WRONG_CODE })),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    held.release();
    const codes = (await results).map((r) =>
      r.status === 'rejected' ? (r.reason as ResetError).code : 'ok',
    );

    expect(world.sts.calls).toHaveLength(3);
    expect(codes.filter((c) => c === 'TOKEN_ATTEMPTS_EXHAUSTED')).toHaveLength(4);
    expect(codes.filter((c) => c === 'TOKEN_CODE_REJECTED')).toHaveLength(2);
    expect(world.store.current(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    const types = world.store.eventTypes(request.id);
    expect(types.filter((t) => t === 'TOKEN_REJECTED')).toHaveLength(3);
    expect(types.filter((t) => t === 'REQUEST_FAILED')).toHaveLength(1);
    expect(
      world.store
        .eventsOf(request.id)
        .filter((e) => e.type === 'APPROVAL_REFUSED')
        .map((e) => e.errorCode),
    ).toEqual(['TOKEN_ATTEMPTS_EXHAUSTED', 'TOKEN_ATTEMPTS_EXHAUSTED', 'TOKEN_ATTEMPTS_EXHAUSTED']);
    expect(world.iam.changes()).toEqual([]);
  });

  it('refuses a code once the attempts are used, without calling STS, and audits it', async () => {
    const world = aWorld({ rules: { maxTokenAttempts: 1 } });
    const request = await world.pendingRequest();
    await expect(world.approve(request, { code: WRONG_CODE })).rejects.toMatchObject({
      code: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    // The request is closed now; a code held back until after the close changes nothing either.
    expect(world.store.current(request.id)?.state).toBe('FAILED');
    await expect(world.attempts.reserve(request.id, 1)).resolves.toBe(false);
    expect(world.sts.calls).toHaveLength(1);
  });

  it('closes the request on a fresh read when another write moved its version first', async () => {
    const world = aWorld({ rules: { maxTokenAttempts: 1 } });
    const request = await world.pendingRequest();
    let collisions = 0;
    world.store.failWrites(
      (write) => write.kind === 'update' && write.next.state === 'FAILED' && collisions++ === 0,
      new ResetError('REQUEST_ALREADY_HANDLED', 'changed by someone else (fake)'),
    );
    await expect(world.approve(request, { code: WRONG_CODE })).rejects.toMatchObject({
      code: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    expect(collisions).toBe(2);
    expect(world.store.current(request.id)).toMatchObject({ state: 'FAILED' });
    expect(world.store.eventTypes(request.id).slice(-2)).toEqual(['TOKEN_REJECTED', 'REQUEST_FAILED']);
  });

  it('completes the reset when giving an accepted code’s attempt back fails, and logs it', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.attempts.release = async () => {
      throw new ResetError('AUDIT_STORE_UNAVAILABLE', 'The audit store could not be reached (fake).');
    };
    await expect(world.approve(request)).resolves.toMatchObject({ request: { state: 'COMPLETED' } });
    expect(
      world.logger.entries.find((e) => e.message === 'could not give back the places of a code'),
    ).toMatchObject({ level: 'error' });
  });

  it('only records the last wrong code when a right one got the request executing first', async () => {
    const world = aWorld({ rules: { maxTokenAttempts: 1 } });
    const request = await world.pendingRequest();
    // A right code, whose attempt was given back, wins the request just before the close is written.
    world.store.failWrites((write) => {
      if (write.kind !== 'update' || write.next.state !== 'FAILED') return false;
      world.store.tamper(request.id, (stored) => ({
        ...stored,
        state: 'EXECUTING',
        version: stored.version + 1,
      }));
      return true;
    }, new ResetError('REQUEST_ALREADY_HANDLED', 'changed by someone else (fake)'));

    await expect(world.approve(request, { by: SAM, code: WRONG_CODE })).rejects.toMatchObject({
      code: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    expect(world.store.current(request.id)?.state).toBe('EXECUTING');
    expect(world.store.eventTypes(request.id).slice(-1)).toEqual(['TOKEN_REJECTED']);
    expect(world.store.eventTypes(request.id)).not.toContain('REQUEST_FAILED');
  });
});
