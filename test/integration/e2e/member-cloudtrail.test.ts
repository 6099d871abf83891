import { randomUUID } from 'node:crypto';
import { DeactivateMFADeviceCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { RESET_ROLE } from '../aws/member-roles.js';
import { runAgainst } from '../cli/cli-harness.js';
import { DATA, EXTERNAL_ID, LEGACY, withMemberAccounts } from './member-world.js';
import { APPROVALS_CHANNEL, approveWithCode, people, requestReset, startWorld, type World } from './world.js';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

function iamAs(world: World, credentials: Credentials) {
  return new IAMClient({ region: 'us-east-1', endpoint: world.aws.url, credentials, maxAttempts: 1 });
}

/** mallory's request in legacy-prod, approved by erin: the bot resets through the reset role. */
async function resetMalloryInLegacy(world: World) {
  const { request, messageTs } = await requestReset(world, { userId: people.mallory.slackId });
  await approveWithCode(world, {
    approver: people.erin.slackId,
    messageTs,
    code: world.codeOf(people.erin.slackId),
  });
  return request;
}

/**
 * What a leaked step-up key and one approver's code allow: the reset role assumed with an MFA
 * session under a name of the bot's own form, for a request that does not exist.
 */
async function resetWithRogueRoleSession(world: World, input: { userName: string; serial: string }) {
  const [approver, deviceSerial] = Object.entries(world.config.configFile.approvers.mfaDevices).find(
    ([slackId]) => slackId !== people.erin.slackId,
  )!;
  const sts = new STSClient({
    region: 'us-east-1',
    endpoint: world.aws.url,
    credentials: world.botUser,
    maxAttempts: 1,
  });
  const mfa = (
    await sts.send(
      new GetSessionTokenCommand({
        SerialNumber: deviceSerial,
        TokenCode: world.codeOf(approver),
        DurationSeconds: 900,
      }),
    )
  ).Credentials!;
  const roleSts = new STSClient({
    region: 'us-east-1',
    endpoint: world.aws.url,
    maxAttempts: 1,
    credentials: {
      accessKeyId: mfa.AccessKeyId!,
      secretAccessKey: mfa.SecretAccessKey!,
      sessionToken: mfa.SessionToken!,
    },
  });
  const role = (
    await roleSts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${LEGACY}:role/${RESET_ROLE}`,
        RoleSessionName: `mfa-reset-${randomUUID()}`,
        ExternalId: EXTERNAL_ID,
        DurationSeconds: 900,
      }),
    )
  ).Credentials!;
  const iam = iamAs(world, {
    accessKeyId: role.AccessKeyId!,
    secretAccessKey: role.SecretAccessKey!,
    sessionToken: role.SessionToken!,
  });
  try {
    await iam.send(new DeactivateMFADeviceCommand({ UserName: input.userName, SerialNumber: input.serial }));
  } finally {
    for (const client of [iam, roleSts, sts]) client.destroy();
  }
  return role.AccessKeyId!;
}

/** The config file as the CLI reads it: the table, and both member accounts. */
function cli(world: World) {
  const yaml = [
    `audit: { table: ${world.table} }`,
    'accounts:',
    `  - { id: "${LEGACY}", name: legacy-prod, externalId: ${EXTERNAL_ID} }`,
    `  - { id: "${DATA}", name: data, externalId: ${EXTERNAL_ID} }`,
  ].join('\n');
  return runAgainst(world.directClient, ['audit', 'cloudtrail', '--days', '1'], {
    env: { MFA_RESET_CONFIG: 'bot.yml' },
    readFile: async () => yaml,
  });
}

function mismatchAlarms(world: World) {
  return world.slack.messagesIn(APPROVALS_CHANNEL).filter((m) => /not accounted for/.test(m.text));
}

describe('the CloudTrail check covers every member account', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('accounts for a reset the bot made in a member account, read through that account’s reader role', async () => {
    world = await startWorld({ ...withMemberAccounts(), cloudtrailCheckMinutes: 60 });
    const legacy = world.aws.account(LEGACY);
    legacy.state.addVirtualDevice({ userName: 'mallory' });
    const request = await resetMalloryInLegacy(world);
    expect((await world.requestById(request.id))?.state).toBe('COMPLETED');
    expect(legacy.cloudTrail.records.map((r) => r.eventName)).toEqual(
      expect.arrayContaining(['DeactivateMFADevice', 'DeleteVirtualMFADevice']),
    );
    world.aws.state.clearCalls();

    const { unaccounted } = await world.bot.checks.cloudTrail();

    expect(unaccounted).toEqual([]);
    expect(mismatchAlarms(world)).toEqual([]);
    // Each member account's events were asked for by a session of its own reader role.
    const readers = world.aws.state.callsTo('LookupEvents').map((call) => call.accessKeyId!);
    for (const id of [LEGACY, DATA]) {
      const { roles } = world.aws.account(id).state;
      expect(readers.some((key) => roles.session(key)?.sessionName === 'mfa-reset-bot-reader')).toBe(true);
    }
    const run = await cli(world);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toContain(`Accounts checked: home, legacy-prod (${LEGACY}), data (${DATA}).`);
  });

  it('alarms, naming the account, a reset in a member account by an IAM user there; the home check reports nothing', async () => {
    world = await startWorld({ ...withMemberAccounts(), cloudtrailCheckMinutes: 60 });
    const legacy = world.aws.account(LEGACY).state;
    const { serial } = legacy.addVirtualDevice({ userName: 'mallory' });
    legacy.addUser({ userName: 'admin' });
    const iam = iamAs(world, legacy.addAccessKey('admin'));
    legacy.deactivateRequiresMfa = false; // the administrator's own policy, not the bot's
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'mallory', SerialNumber: serial }));
    iam.destroy();

    const { unaccounted } = await world.bot.checks.cloudTrail();

    expect(unaccounted.map((r) => [r.account?.id, r.reason, r.serial])).toEqual([
      [LEGACY, 'not-the-bot', serial],
    ]);
    const [alarm] = mismatchAlarms(world);
    expect(alarm?.text).toContain(`AWS account legacy-prod (${LEGACY})`);
    const audited = (await world.store.queryAudit({ by: 'target', iamUserName: `${LEGACY}:mallory` })).events;
    expect(audited.map((e) => [e.type, e.details?.accountId, e.details?.reason])).toEqual([
      ['CLOUDTRAIL_MISMATCH', LEGACY, 'not-the-bot'],
    ]);
    const run = await cli(world);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      expect.stringContaining(
        `DeactivateMFADevice account=${LEGACY} user=mallory  serial=${serial}  by=arn:aws:iam::${LEGACY}:user/admin`,
      ),
    ]);
    expect(run.stdout).toContain('reset role in that account');
  });

  it('alarms a reset by a session of the reset role that no execution recorded, even beside a request for that device', async () => {
    world = await startWorld({ ...withMemberAccounts(), cloudtrailCheckMinutes: 60 });
    const legacy = world.aws.account(LEGACY).state;
    const { serial } = legacy.addVirtualDevice({ userName: 'mallory' });
    // The bot's own attempt is refused by an SCP: its request names the device and changed nothing.
    legacy.scp.deny('iam:DeactivateMFADevice');
    const request = await resetMalloryInLegacy(world);
    expect((await world.requestById(request.id))?.state).toBe('FAILED');
    legacy.scp.allow('iam:DeactivateMFADevice');
    const rogueKey = await resetWithRogueRoleSession(world, { userName: 'mallory', serial });

    const { unaccounted } = await world.bot.checks.cloudTrail();

    expect(unaccounted.map((r) => [r.account?.id, r.reason, r.caller.accessKeyId])).toEqual([
      [LEGACY, 'unrecorded-session', rogueKey],
    ]);
    expect(mismatchAlarms(world)).toHaveLength(1);
  });
});
