import { describe, expect, it } from 'vitest';
import { ResetError } from '../../../../src/domain/errors.js';
import { ALICE_HARDWARE, ALICE_VIRTUAL, ERIN, ERIN_SERIAL, SAM, WRONG_CODE } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

describe('approve: MFA codes', () => {
  it('refuses a wrong code, keeps the request PENDING and audits the attempt', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await expect(world.approve(request, { code: WRONG_CODE })).rejects.toMatchObject({
      code: 'TOKEN_CODE_REJECTED',
      details: { attemptsLeft: 2 },
    });
    // The attempt is counted outside the request, which is not rewritten for it.
    expect(world.store.current(request.id)).toEqual(request);
    expect(world.attempts.of(request.id)).toEqual({ reserved: 1, wrong: 1 });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'TOKEN_REJECTED',
      actor: { slackUserId: ERIN },
      mfaSerial: ERIN_SERIAL,
      errorCode: 'TOKEN_CODE_REJECTED',
      details: { attempt: 1 },
    });
    expect(world.iam.changes()).toEqual([]);
  });

  it('accepts a good code after a wrong one', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await expect(world.approve(request, { code: WRONG_CODE })).rejects.toThrow();
    await expect(world.approve(request)).resolves.toMatchObject({ request: { state: 'COMPLETED' } });
    expect(world.attempts.of(request.id)).toEqual({ reserved: 1, wrong: 1 });
  });

  it('closes the request as FAILED after maxTokenAttempts wrong codes, from any approvers', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await expect(world.approve(request, { code: WRONG_CODE })).rejects.toMatchObject({
      code: 'TOKEN_CODE_REJECTED',
    });
    await expect(world.approve(request, { by: SAM, code: WRONG_CODE })).rejects.toMatchObject({
      code: 'TOKEN_CODE_REJECTED',
    });
    await expect(world.approve(request, { code: WRONG_CODE })).rejects.toMatchObject({
      code: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    expect(world.store.current(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    expect(world.attempts.of(request.id)).toEqual({ reserved: 3, wrong: 3 });
    expect(world.store.eventTypes(request.id).slice(2)).toEqual([
      'TOKEN_SUBMITTED',
      'TOKEN_REJECTED',
      'TOKEN_SUBMITTED',
      'TOKEN_REJECTED',
      'TOKEN_SUBMITTED',
      'TOKEN_REJECTED',
      'REQUEST_FAILED',
    ]);
    expect(world.store.events().at(-1)).toMatchObject({ errorCode: 'TOKEN_ATTEMPTS_EXHAUSTED' });
    expect(world.notifier.dms.at(-1)?.state).toBe('FAILED');
    expect(world.iam.changes()).toEqual([]);
  });

  it('closes the request at the first wrong code when maxTokenAttempts is 1', async () => {
    const world = aWorld({ rules: { maxTokenAttempts: 1 } });
    const request = await world.pendingRequest();
    await expect(world.approve(request, { code: WRONG_CODE })).rejects.toMatchObject({
      code: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    expect(world.store.current(request.id)?.state).toBe('FAILED');
  });

  it.each(['12345', '1234567', 'abcdef', ''])(
    'refuses the badly formed code "%s" without calling STS or counting an attempt',
    async (tokenCode) => {
      const world = aWorld();
      const request = await world.pendingRequest();
      const eventsBefore = world.store.events().length;
      await expect(
        world.approvals.approve({ requestId: request.id, approverSlackId: ERIN, tokenCode }),
      ).rejects.toMatchObject({ code: 'TOKEN_CODE_FORMAT' });
      expect(world.sts.calls).toEqual([]);
      expect(world.store.current(request.id)).toEqual(request);
      expect(world.store.events()).toHaveLength(eventsBefore);
    },
  );

  it('does not accept a code twice: TOTP codes are single-use', async () => {
    const world = aWorld();
    const first = await world.pendingRequest();
    const code = world.codeFor(ERIN);
    await world.approve(first, { code });
    world.iam.addUser({ userName: 'alice', devices: [ALICE_VIRTUAL, ALICE_HARDWARE] });
    const second = await world.pendingRequest();
    await expect(world.approve(second, { code })).rejects.toMatchObject({ code: 'TOKEN_CODE_REJECTED' });
  });

  it('reports an STS outage without counting it as a wrong code, and audits STEP_UP_FAILED', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.sts.failNext(new ResetError('AWS_THROTTLED', 'Rate exceeded'));
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'AWS_THROTTLED' });
    expect(world.store.current(request.id)).toEqual(request);
    expect(world.attempts.of(request.id)).toEqual({ reserved: 0, wrong: 0 });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'STEP_UP_FAILED',
      mfaSerial: ERIN_SERIAL,
      errorCode: 'AWS_THROTTLED',
    });
    expect(world.iam.devicesOf('alice')).toContain(ALICE_VIRTUAL);
  });
});
