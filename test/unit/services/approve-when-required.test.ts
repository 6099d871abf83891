import { describe, expect, it } from 'vitest';
import { ResetError } from '../../../src/domain/errors.js';
import {
  ALICE_HARDWARE,
  ALICE_VIRTUAL,
  APPROVER,
  APPROVER_SERIAL,
  BOB,
  BOT_SERIAL,
  WRONG_CODE,
} from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

function aWhenRequiredWorld() {
  return aWorld({ rules: { stepUp: 'when-required' } });
}

describe('approve with stepUp: when-required', () => {
  it('does not call STS when IAM allows the change without MFA', async () => {
    const world = aWhenRequiredWorld();
    const request = await world.pendingRequest();
    const result = await world.approve(request);
    expect(world.sts.calls).toEqual([]);
    expect(result.request).toMatchObject({ state: 'COMPLETED', approvals: [{ slackUserId: APPROVER }] });
    expect(result.request.approvals[0]?.mfaSerial).toBeUndefined();
    expect(world.iam.changes().every((c) => c.credentials === undefined)).toBe(true);
    const approved = world.store.eventsOf(request.id).find((e) => e.type === 'REQUEST_APPROVED');
    expect(approved).toMatchObject({ details: { mfaVerified: false } });
    expect(approved?.mfaSerial).toBeUndefined();
    expect(world.store.eventTypes(request.id)).not.toContain('STEP_UP_USED');
  });

  it('releases the credentials it stepped up to once the devices are reset', async () => {
    const world = aWhenRequiredWorld();
    world.iam.requireMfa = true;
    const request = await world.pendingRequest();
    await world.approve(request);
    expect(world.sts.issuedCredentials).toHaveLength(1);
    expect(world.iam.released).toEqual(world.sts.issuedCredentials);
  });

  it('steps up once when IAM asks for MFA, and uses the session for every later change', async () => {
    const world = aWhenRequiredWorld();
    world.iam.requireMfa = true;
    const request = await world.pendingRequest();
    const result = await world.approve(request);
    const [session] = world.sts.issuedCredentials;
    expect(world.sts.calls).toHaveLength(1);
    expect(world.sts.calls[0]).toMatchObject({ serial: APPROVER_SERIAL, durationSeconds: 900 });
    expect(world.iam.changes().map((c) => [c.action, c.serial, c.credentials])).toEqual([
      ['DeactivateMFADevice', ALICE_VIRTUAL, undefined],
      ['DeactivateMFADevice', ALICE_VIRTUAL, session],
      ['DeleteVirtualMFADevice', ALICE_VIRTUAL, session],
      ['DeactivateMFADevice', ALICE_HARDWARE, session],
    ]);
    expect(result.request.state).toBe('COMPLETED');
    expect(world.store.eventTypes(request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'REQUEST_APPROVED',
      'EXECUTION_STARTED',
      'STEP_UP_USED',
      'DEVICE_DEACTIVATED',
      'DEVICE_DELETED',
      'DEVICE_DEACTIVATED',
      'REQUEST_COMPLETED',
    ]);
    expect(world.store.eventsOf(request.id)[4]).toMatchObject({ mfaSerial: APPROVER_SERIAL });
  });

  it('puts the request back to PENDING with one attempt counted when the step-up code is wrong', async () => {
    const world = aWhenRequiredWorld();
    world.iam.requireMfa = true;
    const request = await world.pendingRequest();
    await expect(world.approve(request, { code: WRONG_CODE })).rejects.toMatchObject({
      code: 'TOKEN_CODE_REJECTED',
    });
    const stored = world.store.current(request.id);
    expect(stored).toMatchObject({ state: 'PENDING', approvals: [], version: request.version + 2 });
    expect(world.attempts.of(request.id)).toEqual({ reserved: 1, wrong: 1 });
    expect(stored?.decision).toBeUndefined();
    expect(world.iam.devicesOf('alice')).toEqual([ALICE_VIRTUAL, ALICE_HARDWARE]);
    expect(world.iam.virtualDeviceExists(ALICE_VIRTUAL)).toBe(true);
    expect(world.store.eventTypes(request.id).slice(2)).toEqual([
      'REQUEST_APPROVED',
      'EXECUTION_STARTED',
      'TOKEN_REJECTED',
    ]);
  });

  it('lets the request be approved again after a wrong step-up code', async () => {
    const world = aWhenRequiredWorld();
    world.iam.requireMfa = true;
    const request = await world.pendingRequest();
    await expect(world.approve(request, { code: WRONG_CODE })).rejects.toThrow();
    await expect(world.approve(request)).resolves.toMatchObject({ request: { state: 'COMPLETED' } });
  });

  it('fails the request after maxTokenAttempts wrong step-up codes', async () => {
    const world = aWhenRequiredWorld();
    world.iam.requireMfa = true;
    const request = await world.pendingRequest();
    for (let attempt = 1; attempt < 3; attempt++) {
      await expect(world.approve(request, { code: WRONG_CODE })).rejects.toMatchObject({
        code: 'TOKEN_CODE_REJECTED',
      });
    }
    await expect(world.approve(request, { code: WRONG_CODE })).rejects.toMatchObject({
      code: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    expect(world.store.current(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    expect(world.attempts.of(request.id).wrong).toBe(3);
    expect(world.iam.devicesOf('alice')).toHaveLength(2);
  });

  it('does not step up on other denials: the device fails with AWS_ACCESS_DENIED', async () => {
    const world = aWhenRequiredWorld();
    const request = await world.pendingRequest();
    world.iam.failNext({
      action: 'DeactivateMFADevice',
      serial: ALICE_VIRTUAL,
      error: new ResetError('AWS_ACCESS_DENIED', 'not authorized'),
    });
    const result = await world.approve(request);
    expect(world.sts.calls).toEqual([]);
    expect(result.request).toMatchObject({ state: 'FAILED', failureCode: 'AWS_ACCESS_DENIED' });
  });

  it('keeps the code and the session credentials out of every event, log and message', async () => {
    const world = aWhenRequiredWorld();
    world.iam.requireMfa = true;
    const request = await world.pendingRequest();
    const code = world.codeFor(APPROVER);
    await world.approve(request, { code });
    const [session] = world.sts.issuedCredentials;
    const recorded = world.everythingRecorded();
    for (const secret of [code, session?.accessKeyId, session?.secretAccessKey, session?.sessionToken]) {
      expect(secret).toBeDefined();
      expect(recorded).not.toContain(secret);
    }
  });

  it('verifies the code of every approval but the last, which steps up only if IAM asks', async () => {
    const world = aWorld({ rules: { stepUp: 'when-required', approvers: { minApprovals: 2 } } });
    const request = await world.pendingRequest();
    await expect(world.approve(request, { by: BOB, code: WRONG_CODE })).rejects.toMatchObject({
      code: 'TOKEN_CODE_REJECTED',
    });
    await expect(world.approve(request, { by: BOB })).resolves.toMatchObject({ kind: 'approval-recorded' });
    await expect(world.approve(request)).resolves.toMatchObject({ request: { state: 'COMPLETED' } });
    expect(world.sts.calls.map((c) => c.serial)).toEqual([BOT_SERIAL, BOT_SERIAL]);
    expect(world.store.current(request.id)?.approvals).toEqual([
      expect.objectContaining({ slackUserId: BOB, mfaSerial: BOT_SERIAL }),
      expect.not.objectContaining({ mfaSerial: expect.anything() }),
    ]);
  });
});
