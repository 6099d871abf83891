import { DeactivateMFADeviceCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { dmChannelFor } from '../../../sandbox/fake-slack/index.js';
import { runAgainst } from '../cli/cli-harness.js';
import { resetAlice } from './audit-steps.js';
import { APPROVALS_CHANNEL, claimAlarmInAdvance, people, startWorld, type World } from './world.js';

/** An administrator deactivates a device in the console: outside the bot, so outside its trail. */
async function deactivateOutsideTheBot(world: World, userName: string): Promise<string> {
  world.aws.state.addUser({ userName: 'admin' });
  const key = world.aws.state.addAccessKey('admin');
  const { serial } = world.aws.state.addVirtualDevice({ userName });
  const iam = new IAMClient({
    region: 'us-east-1',
    endpoint: world.aws.url,
    credentials: key,
    maxAttempts: 1,
  });
  world.aws.state.deactivateRequiresMfa = false; // the administrator's own policy, not the bot's
  try {
    await iam.send(new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: serial }));
  } finally {
    world.aws.state.deactivateRequiresMfa = true;
    iam.destroy();
  }
  return serial;
}

function cli(world: World, ...argv: string[]) {
  return runAgainst(world.directClient, ['audit', 'cloudtrail', '--table', world.table, ...argv]);
}

function mismatchAlarms(world: World, channel: string) {
  return world.slack.messagesIn(channel).filter((m) => /not accounted for/.test(m.text));
}

describe('every MFA reset in the account is accounted for', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('finds nothing to report when every reset in CloudTrail was an approved request of the bot', async () => {
    world = await startWorld();
    await resetAlice(world);
    expect(world.aws.cloudTrail.records.map((r) => r.eventName)).toEqual([
      'DeactivateMFADevice',
      'DeleteVirtualMFADevice',
    ]);

    const run = await cli(world, '--days', '1');

    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toMatch(/Every MFA reset .* is accounted for/);
  });

  it('records in EXECUTION_STARTED the STS session CloudTrail names as the caller of each change', async () => {
    world = await startWorld();
    const { request } = await resetAlice(world);

    const started = (await world.auditOf(request.id)).find((event) => event.type === 'EXECUTION_STARTED');
    const callers = world.aws.cloudTrail.records.map((record) => record.accessKeyId);
    expect(started?.details?.sessionKeyId).toMatch(/^ASIA/);
    expect(callers).toEqual([started?.details?.sessionKeyId, started?.details?.sessionKeyId]);
  });

  it('lists a deactivation made outside the bot, and exits 1', async () => {
    world = await startWorld();
    await resetAlice(world);
    const serial = await deactivateOutsideTheBot(world, people.mallory.iamUser);

    const run = await cli(world, '--days', '1');

    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`DeactivateMFADevice user=${people.mallory.iamUser}  serial=${serial}`);
    expect(lines[0]).toContain('by=arn:aws:iam::123456789012:user/admin');
    expect(lines[0]).toContain('the caller is not an MFA session of the bot’s own IAM user');
  });

  it('lists a reset made with the bot’s own credentials and an approver’s code but no request', async () => {
    world = await startWorld();
    const { serial } = world.aws.state.addVirtualDevice({ userName: people.mallory.iamUser });
    const device = world.botUser.devices[0]!;
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: world.aws.url,
      credentials: world.botUser,
      maxAttempts: 1,
    });
    const { Credentials: c } = await sts.send(
      new GetSessionTokenCommand({
        SerialNumber: device.serial,
        TokenCode: world.aws.codeFor(device.seed),
        DurationSeconds: 900,
      }),
    );
    const iam = new IAMClient({
      region: 'us-east-1',
      endpoint: world.aws.url,
      maxAttempts: 1,
      credentials: {
        accessKeyId: c!.AccessKeyId!,
        secretAccessKey: c!.SecretAccessKey!,
        sessionToken: c!.SessionToken!,
      },
    });
    await iam.send(
      new DeactivateMFADeviceCommand({ UserName: people.mallory.iamUser, SerialNumber: serial }),
    );
    iam.destroy();
    sts.destroy();

    const run = await cli(world, '--days', '7');

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`serial=${serial}  by=${world.botUser.arn}`);
  });

  it('exits 4 when CloudTrail cannot be read, and 2 without --days', async () => {
    world = await startWorld();
    world.aws.faults.failNext('LookupEvents', { status: 503, code: 'ServiceUnavailable', times: 10 });

    const down = await cli(world, '--days', '1');
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(/CloudTrail could not be read/);
    expect((await cli(world)).code).toBe(2);
    expect((await cli(world, '--days', '91')).stderr).toMatch(/--days must be a number of days from 1 to 90/);
  });

  it('still alarms, audits and logs a reset outside the bot whose alarm was claimed in the table in advance', async () => {
    world = await startWorld({ cloudtrailCheckMinutes: 60 });
    const serial = await deactivateOutsideTheBot(world, people.mallory.iamUser);
    const [record] = world.aws.cloudTrail.records;
    const key = `cloudtrail#${record!.eventId}`;
    await claimAlarmInAdvance(world, key);

    await world.bot.checks.cloudTrail();

    expect(mismatchAlarms(world, APPROVALS_CHANNEL)).toHaveLength(1);
    expect(mismatchAlarms(world, dmChannelFor(people.olivia.slackId))).toHaveLength(1);
    expect(mismatchAlarms(world, dmChannelFor(people.erin.slackId))).toHaveLength(1);
    const lines = world.logs
      .map((l) => JSON.parse(l))
      .filter((l) => l.alarm === true && l.eventType === 'CLOUDTRAIL_MISMATCH');
    expect(lines).toEqual([expect.objectContaining({ level: 50, serial })]);
    const audited = (await world.store.queryAudit({ by: 'target', iamUserName: people.mallory.iamUser }))
      .events;
    expect(audited.map((e) => e.type)).toEqual(['CLOUDTRAIL_MISMATCH']);
  });

  it('alarms from the bot’s scheduled check at least once and at most once per replica, and audits CLOUDTRAIL_MISMATCH', async () => {
    world = await startWorld({ cloudtrailCheckMinutes: 60 });
    await resetAlice(world);
    const serial = await deactivateOutsideTheBot(world, people.mallory.iamUser);
    const replica = await world.startReplica();

    const results = await Promise.all([world.bot.checks.cloudTrail(), replica.checks.cloudTrail()]);
    const alarms = mismatchAlarms(world, APPROVALS_CHANNEL);
    await world.bot.checks.cloudTrail();

    expect(results.map((r) => r.unaccounted.length)).toEqual([1, 1]);
    expect(alarms.length).toBeGreaterThanOrEqual(1);
    expect(alarms.length).toBeLessThanOrEqual(2);
    expect(mismatchAlarms(world, APPROVALS_CHANNEL)).toHaveLength(alarms.length);
    expect(alarms[0]?.blocks.map((b) => JSON.stringify(b)).join('')).toContain(serial);
    expect(mismatchAlarms(world, dmChannelFor(people.olivia.slackId))).toHaveLength(alarms.length);
    expect(mismatchAlarms(world, dmChannelFor(people.erin.slackId))).toHaveLength(alarms.length);
    const audited = (await world.store.queryAudit({ by: 'target', iamUserName: people.mallory.iamUser }))
      .events;
    expect(audited.map((e) => [e.type, e.devices, e.details?.eventName, e.details?.reason])).toEqual(
      alarms.map(() => ['CLOUDTRAIL_MISMATCH', [serial], 'DeactivateMFADevice', 'not-the-bot']),
    );
  });
});
