import { afterEach, describe, expect, it } from 'vitest';
import type { IamStsEmulator } from '../../../sandbox/iam-sts-emulator/index.js';
import { READER_ROLE, readerRolePolicy, readerRoleTrust } from '../aws/member-roles.js';
import { people, requestReset, startWorld, type World } from './world.js';

const LEGACY = '111122223333';
const DATA = '444455556666';
const SANDBOX = '777788889999';
const EXTERNAL_ID = 'mfa-reset-7f3a';
/** What the data account's reader role requires: not what the config gives the bot. */
const OTHER_EXTERNAL_ID = 'mfa-reset-0000';

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

const WARN = 40;
const INFO = 30;

function lines(world: World): LogLine[] {
  return world.logs.map((line) => JSON.parse(line) as LogLine);
}

/**
 * Three member accounts: legacy-prod reachable; data's reader role requires another external ID;
 * sandbox has no reader role at all. mallory's user is in legacy-prod.
 */
async function startThreeAccounts(): Promise<World> {
  return startWorld({
    runtimeRole: true,
    keepStartupCalls: true,
    staticMapping: { [people.mallory.slackId]: `${LEGACY}:mallory` },
    accountsYaml: [
      `  - { id: "${LEGACY}", name: legacy-prod, externalId: ${EXTERNAL_ID} }`,
      `  - { id: "${DATA}", name: data, externalId: ${EXTERNAL_ID} }`,
      `  - { id: "${SANDBOX}", name: sandbox, externalId: ${EXTERNAL_ID} }`,
    ].join('\n'),
    beforeStart: (aws: IamStsEmulator) => {
      const homeAccountId = aws.state.accountId;
      for (const [id, externalId] of [
        [LEGACY, EXTERNAL_ID],
        [DATA, OTHER_EXTERNAL_ID],
      ] as const) {
        aws.addAccount(id).state.roles.add({
          roleName: READER_ROLE,
          trustPolicy: readerRoleTrust({ homeAccountId, externalId }),
          policies: { reader: readerRolePolicy() },
        });
      }
      aws.addAccount(SANDBOX);
      aws.account(LEGACY).state.addUser({ userName: 'mallory' });
      aws.account(LEGACY).state.addVirtualDevice({ userName: 'mallory' });
    },
  });
}

describe('member accounts at start-up, end to end', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('lists the accounts in the start line, then says per account whether its reader role reads it', async () => {
    world = await startThreeAccounts();
    const logged = lines(world);

    const started = logged.findIndex((line) => line.msg === 'mfa-reset-bot started');
    expect(started).toBeGreaterThanOrEqual(0);
    expect(logged[started]?.accounts).toEqual([
      `legacy-prod (${LEGACY})`,
      `data (${DATA})`,
      `sandbox (${SANDBOX})`,
    ]);

    const reach = logged.filter((line) => line.msg.startsWith('member account '));
    expect(reach).toHaveLength(3);
    // After the start line: the check runs in the background, once the bot serves.
    for (const line of reach) expect(logged.indexOf(line)).toBeGreaterThan(started);
    const of = (accountId: string) => reach.find((line) => line.accountId === accountId);

    expect(of(LEGACY)).toMatchObject({
      level: INFO,
      accountId: LEGACY,
      accountName: 'legacy-prod',
      msg: 'member account reachable: its reader role was assumed and IAM read with it',
    });
    for (const [accountId, accountName] of [
      [DATA, 'data'],
      [SANDBOX, 'sandbox'],
    ] as const) {
      const roleArn = `arn:aws:iam::${accountId}:role/${READER_ROLE}`;
      const line = of(accountId);
      expect(line).toMatchObject({
        level: WARN,
        accountId,
        accountName,
        code: 'MEMBER_ROLE_REFUSED',
        roleArn,
        operation: 'sts:AssumeRole',
        awsError: 'AccessDenied',
      });
      // The catalogue's words: what failed, and what to check (the role, its trust, the external ID).
      expect(line?.msg).toContain(
        'member account unreachable: AWS refused the bot its role in the member account.',
      );
      expect(line?.msg).toContain(`check that ${roleArn} exists and its trust policy`);
      expect(line?.msg).toContain('external ID');
    }

    // The honest test: each reader role asked for, and legacy-prod read once with its session.
    const readerCalls = world.aws.state
      .callsTo('AssumeRole')
      .filter((call) => call.params.RoleArn?.endsWith(`:role/${READER_ROLE}`));
    expect(
      readerCalls.map((call) => [call.params.RoleArn?.split(':')[4], call.params.ExternalId, call.status]),
    ).toEqual(
      expect.arrayContaining([
        [LEGACY, EXTERNAL_ID, 200],
        [DATA, EXTERNAL_ID, 403],
        [SANDBOX, EXTERNAL_ID, 403],
      ]),
    );
    const reads = world.aws.state.callsTo('ListUsers');
    expect(reads.map((call) => [call.params.MaxItems, call.status, call.accessKeyId?.slice(0, 4)])).toEqual([
      ['1', 200, 'ASIA'],
    ]);

    // No secret in any line: neither the external IDs nor any key the bot holds.
    const text = world.logs.join('\n');
    expect(text).not.toContain(EXTERNAL_ID);
    expect(text).not.toContain(OTHER_EXTERNAL_ID);
    expect(text).not.toContain(world.botUser.secretAccessKey);
  });

  it('serves the reachable account while the others are refused', async () => {
    world = await startThreeAccounts();
    const { request } = await requestReset(world, { userId: people.mallory.slackId });
    expect(request.target.iamUserName).toBe(`${LEGACY}:mallory`);
  });
});
