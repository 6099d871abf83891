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

  describe('listUnassignedVirtualMfaDevices', () => {
    it('lists the account’s virtual devices assigned to nobody, following IAM pagination', async () => {
      const { state } = fixture.emulator;
      state.addUser({ userName: 'alice' });
      const devices = ['phone', 'tablet', 'laptop', 'watch'].map(
        (name) => state.addVirtualDevice({ userName: 'alice', name: `alice-${name}` }).serial,
      );
      state.addHardwareDevice({ userName: 'alice', serial: 'GAHT12345678' });
      // Deactivated but not deleted, as a crash between the two calls leaves them.
      state.deactivateRequiresMfa = false;
      const left = devices.slice(0, 3);
      for (const serial of left) await fixture.aws.iam.deactivateMfaDevice({ userName: 'alice', serial });
      state.clearCalls();

      const unassigned = await fixture.aws.iam.listUnassignedVirtualMfaDevices();

      expect([...unassigned].sort()).toEqual([...left].sort());
      // Three devices with pages of two: two calls, each asking for unassigned devices only.
      const calls = state.callsTo('ListVirtualMFADevices');
      expect(calls.map((call) => call.params.AssignmentStatus)).toEqual(['Unassigned', 'Unassigned']);
      expect(calls[1]?.params.Marker).toEqual(expect.any(String));
    });

    it('returns an empty list when every virtual device is assigned or deleted', async () => {
      fixture.emulator.state.addUser({ userName: 'alice' });
      fixture.emulator.state.addVirtualDevice({ userName: 'alice', name: 'alice-phone' });
      await expect(fixture.aws.iam.listUnassignedVirtualMfaDevices()).resolves.toEqual([]);
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
        path: '/',
        tags: { 'slack-user-id': 'U0ALICE', team: 'payments' },
      });
    });

    it('returns undefined for a user that does not exist', async () => {
      await expect(fixture.aws.iam.getUser('nobody')).resolves.toBeUndefined();
    });
  });

  describe('findUsersByTag', () => {
    it('finds the user whose tag holds the value, across pages of users and of tags', async () => {
      const { state } = fixture.emulator;
      state.addUser({ userName: 'alice', tags: { a: '1', b: '2', 'slack-user-id': 'U0ALICE' } });
      state.addUser({ userName: 'bob', tags: { 'slack-user-id': 'U0BOB' } });
      state.addUser({
        userName: 'carol',
        path: '/engineering/',
        tags: { x: 'y', z: 'w', 'slack-user-id': 'U0CAROL' },
      });

      const found = await fixture.aws.iam.findUsersByTag('slack-user-id', 'U0CAROL');

      expect(found).toEqual([
        {
          userName: 'carol',
          arn: 'arn:aws:iam::123456789012:user/carol',
          path: '/engineering/',
          tags: { x: 'y', z: 'w', 'slack-user-id': 'U0CAROL' },
        },
      ]);
      // Pages of two: four users (the bot's own included) are two ListUsers pages.
      expect(state.callsTo('ListUsers')).toHaveLength(2);
      expect(state.callsTo('ListUsers')[1]?.params.Marker).toEqual(expect.any(String));
    });

    it('returns every user carrying the value, never just the first one found', async () => {
      const { state } = fixture.emulator;
      state.addUser({ userName: 'alice', tags: { 'slack-user-id': 'U0ALICE' } });
      state.addUser({ userName: 'alice-admin', tags: { 'Slack-User-Id': 'U0ALICE' } });
      state.addUser({ userName: 'bob', tags: { 'slack-user-id': 'U0BOB' } });

      const found = await fixture.aws.iam.findUsersByTag('slack-user-id', 'U0ALICE');

      expect(found.map((user) => user.userName)).toEqual(['alice', 'alice-admin']);
    });

    it('returns nothing when no user carries the value', async () => {
      fixture.emulator.state.addUser({ userName: 'alice', tags: { 'slack-user-id': 'U0ALICE' } });
      await expect(fixture.aws.iam.findUsersByTag('slack-user-id', 'U0NOBODY')).resolves.toEqual([]);
      await expect(fixture.aws.iam.findUsersByTag('slack-user-id', 'U0alice')).resolves.toEqual([]);
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

describe('IAM adapter: the tag mapping’s reading of the account', () => {
  let fixture: AwsFixture;
  let nowMs: number;

  beforeEach(async () => {
    nowMs = Date.parse('2026-11-27T10:00:00Z');
    fixture = await startAwsFixture({ tagIndex: { ttlMs: 60_000, retryAfterMs: 10_000, now: () => nowMs } });
    for (const name of ['alice', 'bob', 'carol']) {
      fixture.emulator.state.addUser({
        userName: name,
        tags: { 'slack-user-id': `U0${name.toUpperCase()}` },
      });
    }
    fixture.emulator.state.clearCalls();
  });
  afterEach(async () => fixture.close());

  const readings = () => fixture.emulator.state.callsTo('ListUsers').length;

  it('reads the account once for many look-ups within a minute, concurrent ones included', async () => {
    const { iam } = fixture.aws;
    const lookups = await Promise.all(
      ['U0ALICE', 'U0BOB', 'U0NOBODY', 'U0ALICE', 'U0NOBODY'].map((id) =>
        iam.findUsersByTag('slack-user-id', id),
      ),
    );
    nowMs += 59_000;
    await iam.findUsersByTag('slack-user-id', 'U0CAROL');

    expect(lookups.map((users) => users.map((user) => user.userName))).toEqual([
      ['alice'],
      ['bob'],
      [],
      ['alice'],
      [],
    ]);
    expect(readings()).toBe(1);
    // One ListUserTags per user, the bot's own included: four, for the six look-ups.
    expect(fixture.emulator.state.callsTo('ListUserTags')).toHaveLength(4);
  });

  it('reads the account again once the reading is a minute old, and sees what changed', async () => {
    const { iam } = fixture.aws;
    await iam.findUsersByTag('slack-user-id', 'U0DAVE');
    fixture.emulator.state.addUser({ userName: 'dave', tags: { 'slack-user-id': 'U0DAVE' } });

    nowMs += 59_999;
    await expect(iam.findUsersByTag('slack-user-id', 'U0DAVE')).resolves.toEqual([]);
    nowMs += 1;
    const found = await iam.findUsersByTag('slack-user-id', 'U0DAVE');

    expect(found.map((user) => user.userName)).toEqual(['dave']);
    expect(readings()).toBe(2);
  });

  it('answers with a failed reading’s error for a while instead of asking IAM again at once', async () => {
    const { iam } = fixture.aws;
    fixture.emulator.faults.failNext('ListUsers', { status: 500, code: 'ServiceFailure', times: 3 });

    await expectResetError(iam.findUsersByTag('slack-user-id', 'U0ALICE'), 'AWS_UNAVAILABLE');
    await expectResetError(iam.findUsersByTag('slack-user-id', 'U0BOB'), 'AWS_UNAVAILABLE');
    expect(readings()).toBe(3); // the SDK's own three attempts of the first reading, no more
    nowMs += 10_000;

    await expect(iam.findUsersByTag('slack-user-id', 'U0BOB')).resolves.toHaveLength(1);
    expect(readings()).toBe(4);
  });

  it('refuses an account with more users than the limit with CONFIG_INVALID, before reading their tags', async () => {
    await fixture.close();
    fixture = await startAwsFixture({ pageSize: 2, tagIndex: { maxUsers: 3 } });
    for (const name of ['alice', 'bob', 'carol']) fixture.emulator.state.addUser({ userName: name });
    fixture.emulator.state.clearCalls();

    const error = await expectResetError(
      fixture.aws.iam.findUsersByTag('slack-user-id', 'U0ALICE'),
      'CONFIG_INVALID',
    );

    expect(error.message).toMatch(/more than 3 IAM users/);
    // Four users (the bot's own included): the fourth is refused before its ListUserTags.
    expect(fixture.emulator.state.callsTo('ListUserTags')).toHaveLength(3);
  });
});
