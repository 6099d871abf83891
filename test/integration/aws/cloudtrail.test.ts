import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DeactivateMFADeviceCommand, DeleteVirtualMFADeviceCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IamStsEmulator } from '../../../sandbox/iam-sts-emulator/index.js';
import { createAccountTrail } from '../../../src/aws/cloudtrail.js';
import { silentLogger } from '../../../src/store/silent-logger.js';
import { expectResetError, startAwsFixture } from './fixture.js';

/**
 * The emulator's CloudTrail, through the real SDK over HTTP (AWS JSON 1.1, X-Amz-Target), and the
 * adapter the bot and the CLI read it with, found through AWS_ENDPOINT_URL_CLOUDTRAIL.
 */
const region = 'us-east-1';

function admin(emulator: IamStsEmulator) {
  emulator.state.addUser({ userName: 'admin' });
  const key = emulator.state.addAccessKey('admin');
  return new IAMClient({ region, endpoint: emulator.url, credentials: key, maxAttempts: 1 });
}

describe('CloudTrail in the emulator, read with the real SDK', () => {
  let fixture: Awaited<ReturnType<typeof startAwsFixture>>;
  let cloudTrail: CloudTrailClient;
  beforeEach(async () => {
    fixture = await startAwsFixture({ cloudTrailPageSize: 2, deactivateRequiresMfa: false });
    // The SDK's standard endpoint variable, as a deployment would set it (useEmulatorEnvironment did).
    cloudTrail = new CloudTrailClient({ region, maxAttempts: 1 });
  });
  afterEach(async () => {
    cloudTrail.destroy();
    await fixture.close();
  });

  it('records a successful IAM change with the real event shape: name, time, user, resources, the JSON record', async () => {
    const { emulator } = fixture;
    emulator.state.addUser({ userName: 'alice' });
    const { serial } = emulator.state.addVirtualDevice({ userName: 'alice' });
    await admin(emulator).send(new DeactivateMFADeviceCommand({ UserName: 'alice', SerialNumber: serial }));

    const page = await cloudTrail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DeactivateMFADevice' }],
      }),
    );

    expect(page.Events).toHaveLength(1);
    const [event] = page.Events!;
    expect(event).toMatchObject({
      EventName: 'DeactivateMFADevice',
      EventSource: 'iam.amazonaws.com',
      Username: 'admin',
      ReadOnly: 'false',
      Resources: [
        { ResourceType: 'AWS::IAM::User', ResourceName: 'alice' },
        { ResourceType: 'AWS::IAM::MFADevice', ResourceName: serial },
      ],
    });
    expect(event?.EventTime).toBeInstanceOf(Date);
    expect(Math.abs(event!.EventTime!.getTime() - Date.now())).toBeLessThan(60_000);
    const record = JSON.parse(event!.CloudTrailEvent!);
    expect(record).toMatchObject({
      eventName: 'DeactivateMFADevice',
      eventID: event!.EventId,
      requestParameters: { userName: 'alice', serialNumber: serial },
      userIdentity: { type: 'IAMUser', userName: 'admin', arn: 'arn:aws:iam::123456789012:user/admin' },
    });
    expect(emulator.state.callsTo('LookupEvents')).toHaveLength(1);
  });

  it('says in the record when session credentials proved MFA, and records nothing for a failed call', async () => {
    const { emulator, bot } = fixture;
    emulator.state.deactivateRequiresMfa = true;
    emulator.state.addUser({ userName: 'alice' });
    const { serial } = emulator.state.addVirtualDevice({ userName: 'alice' });
    const sts = new STSClient({ region, endpoint: emulator.url, credentials: bot, maxAttempts: 1 });
    const { Credentials: c } = await sts.send(
      new GetSessionTokenCommand({
        SerialNumber: bot.devices[0]!.serial,
        TokenCode: emulator.codeFor(bot.devices[0]!.seed),
        DurationSeconds: 900,
      }),
    );
    const withoutMfa = new IAMClient({ region, endpoint: emulator.url, credentials: bot, maxAttempts: 1 });
    await expect(
      withoutMfa.send(new DeactivateMFADeviceCommand({ UserName: 'alice', SerialNumber: serial })),
    ).rejects.toThrow();
    const iam = new IAMClient({
      region,
      endpoint: emulator.url,
      maxAttempts: 1,
      credentials: {
        accessKeyId: c!.AccessKeyId!,
        secretAccessKey: c!.SecretAccessKey!,
        sessionToken: c!.SessionToken!,
      },
    });
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'alice', SerialNumber: serial }));
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));

    const { Events: events } = await cloudTrail.send(new LookupEventsCommand({}));
    expect(events?.map((e) => e.EventName)).toEqual(['DeleteVirtualMFADevice', 'DeactivateMFADevice']);
    const identities = events!.map((e) => JSON.parse(e.CloudTrailEvent!).userIdentity);
    expect(identities[1]).toMatchObject({
      userName: 'mfa-reset-bot',
      accessKeyId: c!.AccessKeyId,
      sessionContext: { attributes: { mfaAuthenticated: 'true' } },
    });
    expect(JSON.parse(events![0]!.CloudTrailEvent!).requestParameters).toEqual({ serialNumber: serial });
    for (const client of [sts, withoutMfa, iam]) client.destroy();
  });

  it('pages with NextToken, filters by event name and time, and refuses what CloudTrail refuses', async () => {
    const { emulator } = fixture;
    const iam = admin(emulator);
    for (const name of ['a', 'b', 'c']) {
      emulator.state.addUser({ userName: name });
      const { serial } = emulator.state.addVirtualDevice({ userName: name });
      await iam.send(new DeactivateMFADeviceCommand({ UserName: name, SerialNumber: serial }));
      await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    }
    const byName = {
      LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: 'DeactivateMFADevice' }],
    };
    const first = await cloudTrail.send(new LookupEventsCommand(byName));
    expect(first.Events).toHaveLength(2);
    expect(first.NextToken).toBeDefined();
    const second = await cloudTrail.send(new LookupEventsCommand({ ...byName, NextToken: first.NextToken }));
    expect(second.Events).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    const users = [...first.Events!, ...second.Events!].map(
      (e) => JSON.parse(e.CloudTrailEvent!).requestParameters.userName,
    );
    expect(users).toEqual(['c', 'b', 'a']);

    const later = new Date(Date.now() + 60_000);
    expect(
      (
        await cloudTrail.send(
          new LookupEventsCommand({ ...byName, StartTime: later, EndTime: new Date(Date.now() + 120_000) }),
        )
      ).Events,
    ).toEqual([]);
    await expect(
      cloudTrail.send(new LookupEventsCommand({ ...byName, NextToken: 'forged' })),
    ).rejects.toMatchObject({
      name: 'InvalidNextTokenException',
    });
    await expect(
      cloudTrail.send(new LookupEventsCommand({ StartTime: later, EndTime: new Date() })),
    ).rejects.toMatchObject({ name: 'InvalidTimeRangeException' });
    await expect(
      cloudTrail.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'DeactivateMFADevice' },
            { AttributeKey: 'Username', AttributeValue: 'admin' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidLookupAttributesException' });
    iam.destroy();
  });

  it('gives the adapter every successful reset across pages, with caller and device, and codes its failures', async () => {
    const { emulator } = fixture;
    const iam = admin(emulator);
    const serials: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      emulator.state.addUser({ userName: name });
      const { serial } = emulator.state.addVirtualDevice({ userName: name });
      serials.push(serial);
      await iam.send(new DeactivateMFADeviceCommand({ UserName: name, SerialNumber: serial }));
    }
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serials[0]! }));
    const trail = createAccountTrail({ region, logger: silentLogger });

    const resets = await trail.mfaResets({
      from: new Date(Date.now() - 60_000),
      to: new Date(Date.now() + 1_000),
    });

    expect(resets.map((r) => [r.action, r.iamUserName, r.serial]).sort()).toEqual(
      [
        ['DeactivateMFADevice', 'a', serials[0]],
        ['DeactivateMFADevice', 'b', serials[1]],
        ['DeactivateMFADevice', 'c', serials[2]],
        ['DeleteVirtualMFADevice', undefined, serials[0]],
      ].sort(),
    );
    expect(resets[0]?.caller).toMatchObject({ userName: 'admin', type: 'IAMUser' });
    emulator.faults.failNext('LookupEvents', { status: 400, code: 'AccessDeniedException', times: 2 });
    await expectResetError(trail.mfaResets({ from: new Date(0), to: new Date() }), 'AWS_ACCESS_DENIED');
    trail.destroy();
    iam.destroy();
  });
});
