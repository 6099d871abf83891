import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsFixture, expectResetError, startAwsFixture, wrongCode } from './fixture.js';

/** Steps 3 and 4 of resetting MFA by hand (docs/operations.md): GetSessionToken with the approver's code, then the changes with it. */
describe('step-up with the approver’s MFA code', () => {
  let fixture: AwsFixture;
  let aliceVirtual: string;
  const aliceHardware = 'GAHT12345678';

  beforeEach(async () => {
    fixture = await startAwsFixture({ approvers: ['U0APPROVER1', 'U0APPROVER2'] });
    const { state } = fixture.emulator;
    state.addUser({ userName: 'alice' });
    aliceVirtual = state.addVirtualDevice({ userName: 'alice' }).serial;
    state.addHardwareDevice({ userName: 'alice', serial: aliceHardware });
    state.clearCalls();
  });
  afterEach(async () => {
    await fixture.close();
  });

  function approverDevice(index: number): { serial: string; seed: string } {
    const device = fixture.bot.devices[index];
    if (device === undefined) throw new Error(`the bot has no device ${index}`);
    return device;
  }

  it('steps up with the approver’s code and deactivates and deletes with the session credentials', async () => {
    const { iam, sts } = fixture.aws;
    const { serial, seed } = approverDevice(0);

    const credentials = await sts.getSessionToken({
      serial,
      code: fixture.emulator.codeFor(seed),
      durationSeconds: 900,
    });
    await iam.deactivateMfaDevice({ userName: 'alice', serial: aliceVirtual, credentials });
    await iam.deleteVirtualMfaDevice({ serial: aliceVirtual, credentials });
    await iam.deactivateMfaDevice({ userName: 'alice', serial: aliceHardware, credentials });

    const { state } = fixture.emulator;
    expect(state.devicesOf('alice')).toEqual([]);
    expect(state.virtualDeviceExists(aliceVirtual)).toBe(false);
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(credentials.expiration.getTime()).toBeGreaterThan(Date.now());
    expect(state.issuedSessions()).toEqual([
      expect.objectContaining({ userName: 'mfa-reset-bot', mfaSerial: serial }),
    ]);
    // One STS call with the bot's key; the three changes signed with the session key.
    expect(state.calls.map((call) => [call.action, call.accessKeyId])).toEqual([
      ['GetSessionToken', fixture.bot.accessKeyId],
      ['DeactivateMFADevice', credentials.accessKeyId],
      ['DeleteVirtualMFADevice', credentials.accessKeyId],
      ['DeactivateMFADevice', credentials.accessKeyId],
    ]);
  });

  it('accepts each approver’s code only for that approver’s own device', async () => {
    const first = approverDevice(0);
    const second = approverDevice(1);

    await expectResetError(
      fixture.aws.sts.getSessionToken({
        serial: second.serial,
        code: fixture.emulator.codeFor(first.seed),
        durationSeconds: 900,
      }),
      'TOKEN_CODE_REJECTED',
    );
    const credentials = await fixture.aws.sts.getSessionToken({
      serial: second.serial,
      code: fixture.emulator.codeFor(second.seed),
      durationSeconds: 900,
    });

    expect(fixture.emulator.state.issuedSessions()).toEqual([
      expect.objectContaining({ accessKeyId: credentials.accessKeyId, mfaSerial: second.serial }),
    ]);
  });

  it('reports a wrong code as TOKEN_CODE_REJECTED after exactly one call, without the code in the error', async () => {
    const { serial, seed } = approverDevice(0);
    const code = wrongCode(seed);

    const error = await expectResetError(
      fixture.aws.sts.getSessionToken({ serial, code, durationSeconds: 900 }),
      'TOKEN_CODE_REJECTED',
    );

    expect(fixture.emulator.state.callsTo('GetSessionToken')).toHaveLength(1);
    expect(error.details).toMatchObject({ operation: 'sts:GetSessionToken', serial, httpStatus: 403 });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(code);
  });

  it('rejects a code that was already used, as AWS does', async () => {
    const { serial, seed } = approverDevice(0);
    const code = fixture.emulator.codeFor(seed);
    await fixture.aws.sts.getSessionToken({ serial, code, durationSeconds: 900 });

    await expectResetError(
      fixture.aws.sts.getSessionToken({ serial, code, durationSeconds: 900 }),
      'TOKEN_CODE_REJECTED',
    );
  });

  it('reports a serial that is not a device of the bot as NO_APPROVER_MFA_DEVICE', async () => {
    const { seed } = approverDevice(0);
    await expectResetError(
      fixture.aws.sts.getSessionToken({
        serial: 'arn:aws:iam::123456789012:mfa/somebody-else',
        code: fixture.emulator.codeFor(seed),
        durationSeconds: 900,
      }),
      'NO_APPROVER_MFA_DEVICE',
    );
  });

  it('never retries GetSessionToken, even when STS is throttling or unreachable', async () => {
    const { serial, seed } = approverDevice(0);
    const { faults, state } = fixture.emulator;

    faults.throttle('GetSessionToken', { times: 5 });
    await expectResetError(
      fixture.aws.sts.getSessionToken({ serial, code: fixture.emulator.codeFor(seed), durationSeconds: 900 }),
      'AWS_THROTTLED',
    );
    faults.reset();
    faults.setUnavailable('close-connections');
    await expectResetError(
      fixture.aws.sts.getSessionToken({ serial, code: fixture.emulator.codeFor(seed), durationSeconds: 900 }),
      'AWS_UNAVAILABLE',
    );

    expect(state.callsTo('GetSessionToken').map((call) => call.status)).toEqual([400, 'connection-closed']);
  });

  it('reports a device already gone as AWS_DEVICE_NOT_FOUND', async () => {
    const { serial, seed } = approverDevice(0);
    const credentials = await fixture.aws.sts.getSessionToken({
      serial,
      code: fixture.emulator.codeFor(seed),
      durationSeconds: 900,
    });
    await fixture.aws.iam.deactivateMfaDevice({ userName: 'alice', serial: aliceHardware, credentials });

    await expectResetError(
      fixture.aws.iam.deactivateMfaDevice({ userName: 'alice', serial: aliceHardware, credentials }),
      'AWS_DEVICE_NOT_FOUND',
    );
    await expectResetError(
      fixture.aws.iam.deleteVirtualMfaDevice({ serial: 'arn:aws:iam::123456789012:mfa/gone', credentials }),
      'AWS_DEVICE_NOT_FOUND',
    );
  });

  it('reports an AccessDenied despite the MFA session as AWS_ACCESS_DENIED', async () => {
    const { serial, seed } = approverDevice(0);
    const credentials = await fixture.aws.sts.getSessionToken({
      serial,
      code: fixture.emulator.codeFor(seed),
      durationSeconds: 900,
    });
    fixture.emulator.faults.failNext('DeactivateMFADevice', {
      status: 403,
      code: 'AccessDenied',
      message:
        'User: arn:aws:iam::123456789012:user/mfa-reset-bot is not authorized to perform: ' +
        'iam:DeactivateMFADevice on resource: user alice because no identity-based policy allows the ' +
        'iam:DeactivateMFADevice action',
    });

    await expectResetError(
      fixture.aws.iam.deactivateMfaDevice({ userName: 'alice', serial: aliceVirtual, credentials }),
      'AWS_ACCESS_DENIED',
    );
  });

  it('reports expired session credentials as AWS_ACCESS_DENIED', async () => {
    const { serial, seed } = approverDevice(0);
    const credentials = await fixture.aws.sts.getSessionToken({
      serial,
      code: fixture.emulator.codeFor(seed),
      durationSeconds: 900,
    });
    fixture.emulator.state.clock.advance(901_000);

    const error = await expectResetError(
      fixture.aws.iam.deactivateMfaDevice({ userName: 'alice', serial: aliceVirtual, credentials }),
      'AWS_ACCESS_DENIED',
    );
    expect(error.details).toMatchObject({ awsError: 'ExpiredToken' });
  });
});
