import { CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { dmChannelFor } from '../../../sandbox/fake-slack/index.js';
import { codeFor } from '../../../sandbox/iam-sts-emulator/index.js';
import {
  APPROVALS_CHANNEL,
  approveWithCode,
  eventTypes,
  eventually,
  pendingResetOfAlice,
  people,
  shown,
  startWorld,
  type World,
} from './world.js';

const HOUR = 60 * 60_000;

/** Alice's reset, approved by Erin and completed: her IAM user has no MFA now. */
async function completedResetOfAlice(world: World) {
  const { phone, request, messageTs } = await pendingResetOfAlice(world);
  await approveWithCode(world, {
    approver: people.erin.slackId,
    messageTs,
    code: world.codeOf(people.erin.slackId),
  });
  await eventually(async () => (await world.requestById(request.id))?.state === 'COMPLETED', {
    what: 'the reset to complete',
  });
  expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
  return { phone, request, messageTs };
}

/** Alice enrols a new virtual device as a member does: CreateVirtualMFADevice, then EnableMFADevice with two codes. */
async function aliceEnrolsANewPhone(world: World): Promise<string> {
  const iam = new IAMClient({
    endpoint: world.aws.url,
    region: 'us-east-1',
    credentials: { accessKeyId: world.botUser.accessKeyId, secretAccessKey: world.botUser.secretAccessKey },
    maxAttempts: 1,
  });
  try {
    const created = await iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-new-phone' }),
    );
    const serial = created.VirtualMFADevice!.SerialNumber!;
    const seed = Buffer.from(created.VirtualMFADevice!.Base32StringSeed!).toString('ascii');
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: people.alice.iamUser,
        SerialNumber: serial,
        AuthenticationCode1: codeFor(seed, 0),
        AuthenticationCode2: codeFor(seed, 1),
      }),
    );
    return serial;
  } finally {
    iam.destroy();
  }
}

function threadOf(world: World, messageTs: string) {
  return world.slack.messagesIn(APPROVALS_CHANNEL).filter((message) => message.threadTs === messageTs);
}

function overdueAlarmsIn(world: World, channel: string) {
  return world.slack.messagesIn(channel).filter((message) => /still without MFA/.test(message.text));
}

describe('the follow-through to the new device', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('records the device Alice enrols after her reset once, with where from, and says so in the thread and to her, with two replicas sweeping', async () => {
    // With the CloudTrail check on, the EnableMFADevice call's source address is looked up.
    world = await startWorld({ cloudtrailCheckMinutes: 60 });
    const replica = await world.startReplica();
    const { request, messageTs } = await completedResetOfAlice(world);
    const dmsBefore = world.slack.dmsTo(people.alice.slackId).length;

    await Promise.all([world.bot.checks.sweep(), replica.checks.sweep()]);
    expect(await eventTypes(world, request.id)).not.toContain('DEVICE_ENROLLED');

    const serial = await aliceEnrolsANewPhone(world);
    // Each replica looks at a followed user again only some minutes after it last did.
    world.advanceClock(6 * 60_000);
    await Promise.all([world.bot.checks.sweep(), replica.checks.sweep()]);
    await Promise.all([world.bot.checks.sweep(), replica.checks.sweep()]);

    const trail = await world.auditOf(request.id);
    const enrolled = trail.filter((event) => event.type === 'DEVICE_ENROLLED');
    expect(enrolled).toHaveLength(1);
    expect(enrolled[0]).toMatchObject({
      devices: [serial],
      deviceKinds: ['virtual'],
      actor: { kind: 'bot' },
    });
    expect(enrolled[0]?.details).toMatchObject({ enabledAt: expect.any(String), sourceIp: '127.0.0.1' });
    const enabling = world.aws.cloudTrail.records.find((record) => record.eventName === 'EnableMFADevice');
    expect(enrolled[0]?.details?.cloudTrailEventId).toBe(enabling?.eventId);
    const thread = threadOf(world, messageTs).filter((message) =>
      message.text.includes('enrolled a new MFA device'),
    );
    expect(thread).toHaveLength(1);
    expect(shown(thread[0])).toContain(serial);
    expect(shown(thread[0])).toContain('127.0.0.1');
    const dms = world.slack.dmsTo(people.alice.slackId).slice(dmsBefore);
    expect(dms.filter((dm) => /A new MFA device is active/.test(dm.text))).toHaveLength(1);
    expect(await world.store.enrolments.followed(10)).toEqual([]);
  });

  it('reminds Alice once at half the time, then alarms the channel and the auditors once at the deadline', async () => {
    world = await startWorld();
    const replica = await world.startReplica();
    const { request, messageTs } = await completedResetOfAlice(world);
    const sweepBoth = () => Promise.all([world.bot.checks.sweep(), replica.checks.sweep()]);
    const reminders = () =>
      world.slack.dmsTo(people.alice.slackId).filter((dm) => /still has no MFA device/.test(dm.text));

    world.advanceClock(11 * HOUR);
    await sweepBoth();
    expect(reminders()).toHaveLength(0);

    world.advanceClock(1 * HOUR + 60_000);
    await sweepBoth();
    await sweepBoth();
    expect(reminders()).toHaveLength(1);
    expect(shown(reminders()[0])).toContain('Assign MFA device');
    expect(
      threadOf(world, messageTs).filter((message) => /was reminded to enrol one/.test(message.text)),
    ).toHaveLength(1);
    expect(overdueAlarmsIn(world, APPROVALS_CHANNEL)).toHaveLength(0);

    world.advanceClock(12 * HOUR);
    await sweepBoth();
    await sweepBoth();
    expect(overdueAlarmsIn(world, APPROVALS_CHANNEL)).toHaveLength(1);
    expect(shown(overdueAlarmsIn(world, APPROVALS_CHANNEL)[0])).toContain(people.alice.iamUser);
    // Erin is an auditor by name, Olivia through the auditors' group.
    for (const auditor of [people.erin.slackId, people.olivia.slackId]) {
      expect(overdueAlarmsIn(world, dmChannelFor(auditor))).toHaveLength(1);
    }
    const followThrough = (await eventTypes(world, request.id)).filter((type) =>
      type.startsWith('ENROLMENT_'),
    );
    expect(followThrough).toEqual(['ENROLMENT_REMINDED', 'ENROLMENT_OVERDUE']);
    expect(reminders()).toHaveLength(1);
    expect(await world.store.enrolments.followed(10)).toEqual([]);
  });
});
