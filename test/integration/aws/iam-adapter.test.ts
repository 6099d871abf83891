import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsFixture, expectResetError, startAwsFixture } from './fixture.js';

describe('IAM adapter over the real SDK', () => {
  let fixture: AwsFixture;

  beforeEach(async () => {
    fixture = await startAwsFixture({ pageSize: 2 });
  });
  afterEach(async () => {
    await fixture.close();
  });

  describe('listMfaDevices', () => {
    it('follows IAM pagination and tells virtual, FIDO and hardware devices apart', async () => {
      const { state } = fixture.emulator;
      state.addUser({ userName: 'alice' });
      const virtual = state.addVirtualDevice({ userName: 'alice', name: 'alice-phone' });
      const fido = state.addFidoDevice({ userName: 'alice', id: 'KEY1' });
      const hardware = state.addHardwareDevice({ userName: 'alice', serial: 'GAHT12345678' });
      const second = state.addVirtualDevice({ userName: 'alice', name: 'alice-tablet' });
      state.clearCalls();

      const devices = await fixture.aws.iam.listMfaDevices('alice');

      expect(devices.map(({ serial, kind }) => ({ serial, kind }))).toEqual([
        { serial: virtual.serial, kind: 'virtual' },
        { serial: 'arn:aws:iam::123456789012:u2f/user/alice/KEY1', kind: 'fido' },
        { serial: hardware.serial, kind: 'hardware' },
        { serial: second.serial, kind: 'virtual' },
      ]);
      expect(fido.serial).toBe(devices[1]?.serial);
      expect(devices.every((device) => typeof device.enabledAt === 'string')).toBe(true);
      // Four devices with pages of two: two calls, the second one with the first page's marker.
      const calls = state.callsTo('ListMFADevices');
      expect(calls).toHaveLength(2);
      expect(calls[0]?.params.Marker).toBeUndefined();
      expect(calls[1]?.params.Marker).toEqual(expect.any(String));
    });

    it('returns an empty list for a user without devices', async () => {
      fixture.emulator.state.addUser({ userName: 'bob' });
      await expect(fixture.aws.iam.listMfaDevices('bob')).resolves.toEqual([]);
    });

    it('reports a missing user as IAM_USER_NOT_FOUND', async () => {
      await expectResetError(fixture.aws.iam.listMfaDevices('nobody'), 'IAM_USER_NOT_FOUND');
    });
  });

  describe('getUser', () => {
    it('returns the user with its tags', async () => {
      fixture.emulator.state.addUser({
        userName: 'alice',
        tags: { 'slack-user-id': 'U0ALICE', team: 'payments' },
      });

      await expect(fixture.aws.iam.getUser('alice')).resolves.toEqual({
        userName: 'alice',
        arn: 'arn:aws:iam::123456789012:user/alice',
        tags: { 'slack-user-id': 'U0ALICE', team: 'payments' },
      });
    });

    it('returns undefined for a user that does not exist', async () => {
      await expect(fixture.aws.iam.getUser('nobody')).resolves.toBeUndefined();
    });
  });

  describe('findUserByTag', () => {
    it('finds the user whose tag holds the value, across pages of users and of tags', async () => {
      const { state } = fixture.emulator;
      state.addUser({ userName: 'alice', tags: { a: '1', b: '2', 'slack-user-id': 'U0ALICE' } });
      state.addUser({ userName: 'bob', tags: { 'slack-user-id': 'U0BOB' } });
      state.addUser({ userName: 'carol', tags: { x: 'y', z: 'w', 'slack-user-id': 'U0CAROL' } });

      const carol = await fixture.aws.iam.findUserByTag('slack-user-id', 'U0CAROL');

      expect(carol).toEqual({
        userName: 'carol',
        arn: 'arn:aws:iam::123456789012:user/carol',
        tags: { x: 'y', z: 'w', 'slack-user-id': 'U0CAROL' },
      });
      expect(state.callsTo('ListUsers').length).toBeGreaterThan(1);
    });

    it('returns undefined when no user carries the tag value', async () => {
      fixture.emulator.state.addUser({ userName: 'alice', tags: { 'slack-user-id': 'U0ALICE' } });
      await expect(fixture.aws.iam.findUserByTag('slack-user-id', 'U0NOBODY')).resolves.toBeUndefined();
    });
  });

  describe('deactivateMfaDevice without temporary credentials', () => {
    it('fails with AWS_MFA_REQUIRED when the bot’s policy requires MFA, and changes nothing', async () => {
      const { state } = fixture.emulator;
      state.addUser({ userName: 'alice' });
      const device = state.addVirtualDevice({ userName: 'alice' });

      const error = await expectResetError(
        fixture.aws.iam.deactivateMfaDevice({ userName: 'alice', serial: device.serial }),
        'AWS_MFA_REQUIRED',
      );

      expect(error.details).toMatchObject({ operation: 'iam:DeactivateMFADevice', httpStatus: 403 });
      expect(state.devicesOf('alice').map((d) => d.serial)).toEqual([device.serial]);
      expect(state.callsTo('DeactivateMFADevice')[0]?.params).toEqual({
        UserName: 'alice',
        SerialNumber: device.serial,
      });
    });

    it('treats IAM’s generic denial of the change as AWS_MFA_REQUIRED, since stepping up may cure it', async () => {
      // Real IAM words a policy conditioned on aws:MultiFactorAuthPresent as a plain explicit deny.
      fixture.emulator.faults.failNext('DeactivateMFADevice', {
        status: 403,
        code: 'AccessDenied',
        message:
          'User: arn:aws:iam::123456789012:user/mfa-reset-bot is not authorized to perform: ' +
          'iam:DeactivateMFADevice on resource: user alice with an explicit deny in an identity-based policy',
      });

      await expectResetError(
        fixture.aws.iam.deactivateMfaDevice({ userName: 'alice', serial: 'GAHT12345678' }),
        'AWS_MFA_REQUIRED',
      );
    });

    it('deactivates when the account does not require MFA for it', async () => {
      const { state } = fixture.emulator;
      state.deactivateRequiresMfa = false;
      state.addUser({ userName: 'alice' });
      const device = state.addHardwareDevice({ userName: 'alice' });

      await fixture.aws.iam.deactivateMfaDevice({ userName: 'alice', serial: device.serial });

      expect(state.devicesOf('alice')).toEqual([]);
    });
  });

  describe('failures', () => {
    it('retries a throttled read as the SDK does, and succeeds', async () => {
      fixture.emulator.state.addUser({ userName: 'alice' });
      fixture.emulator.faults.throttle('GetUser', { times: 1 });

      await expect(fixture.aws.iam.getUser('alice')).resolves.toMatchObject({ userName: 'alice' });
      expect(fixture.emulator.state.callsTo('GetUser').map((call) => call.status)).toEqual([400, 200]);
    });

    it('reports persistent throttling as AWS_THROTTLED', async () => {
      fixture.emulator.state.addUser({ userName: 'alice' });
      fixture.emulator.faults.throttle('ListMFADevices', { times: 10 });

      const error = await expectResetError(fixture.aws.iam.listMfaDevices('alice'), 'AWS_THROTTLED');

      expect(error.details).toMatchObject({ awsError: 'Throttling', httpStatus: 400 });
    });

    it('reports a server that drops connections as AWS_UNAVAILABLE', async () => {
      fixture.emulator.faults.setUnavailable('close-connections');

      await expectResetError(fixture.aws.iam.getUser('alice'), 'AWS_UNAVAILABLE');

      expect(fixture.emulator.state.callsTo('GetUser')[0]?.status).toBe('connection-closed');
    });

    it('reports 503 and ServiceFailure answers as AWS_UNAVAILABLE', async () => {
      fixture.emulator.faults.setUnavailable('http-503');
      await expectResetError(fixture.aws.iam.listMfaDevices('alice'), 'AWS_UNAVAILABLE');

      fixture.emulator.faults.reset();
      fixture.emulator.faults.failNext('GetUser', { status: 500, code: 'ServiceFailure', times: 3 });
      await expectResetError(fixture.aws.iam.getUser('alice'), 'AWS_UNAVAILABLE');
    });

    it('reports an AccessDenied on a read as AWS_ACCESS_DENIED', async () => {
      fixture.emulator.faults.failNext('ListMFADevices', {
        status: 403,
        code: 'AccessDenied',
        message:
          'User: arn:aws:iam::123456789012:user/mfa-reset-bot is not authorized to perform: iam:ListMFADevices ' +
          'on resource: user alice because no identity-based policy allows the iam:ListMFADevices action',
      });

      await expectResetError(fixture.aws.iam.listMfaDevices('alice'), 'AWS_ACCESS_DENIED');
    });
  });
});

describe('IAM adapter timeouts', () => {
  it('abandons a call that hangs longer than the request timeout as AWS_UNAVAILABLE', async () => {
    const fixture = await startAwsFixture({ requestTimeoutMs: 100 });
    try {
      fixture.emulator.state.addUser({ userName: 'alice' });
      fixture.emulator.faults.setLatency('GetUser', 1_000);

      await expectResetError(fixture.aws.iam.getUser('alice'), 'AWS_UNAVAILABLE');
    } finally {
      await fixture.close();
    }
  });
});
