import type { DirectorySeed } from './fake-slack/index.js';
import { type FakeSlack, startFakeSlack } from './fake-slack/index.js';
import {
  type AccessKeyPair,
  type BotUser,
  type EmulatorState,
  type IamStsEmulator,
  startIamStsEmulator,
} from './iam-sts-emulator/index.js';
import {
  APPROVALS_CHANNEL,
  AUDITORS_GROUP,
  approverNames,
  HELPDESK_GROUP,
  people,
  SECURITY_GROUP,
  SLACK_ID_TAG,
} from './people.js';

/**
 * One cast of people for everything that drives the bot without real Slack or AWS: the end-to-end
 * tests, the benchmark and the sandbox. It holds the people, the Slack workspace and the AWS account
 * they live in, and the bot's config file for them. The people themselves are in people.ts,
 * re-exported here.
 *
 * The tests start from the bare account (IAM users without MFA devices, which each test adds); the
 * sandbox adds `demoDevices` on top, so that every person has something to show.
 */
export {
  APPROVALS_CHANNEL,
  AUDITORS_GROUP,
  approverNames,
  HELPDESK_GROUP,
  type PersonName,
  people,
  SECURITY_GROUP,
  SLACK_ID_TAG,
} from './people.js';

/**
 * The Slack workspace: everyone in the cast, the security user group (frank), the auditors' group
 * (olivia), the help desk's group (hugo) and the approvals channel.
 */
export function castDirectory(): DirectorySeed {
  return {
    users: Object.values(people).map((person) => ({
      id: person.slackId,
      name: person.email.split('@')[0]!,
      email: person.email,
    })),
    userGroups: [
      { id: SECURITY_GROUP, handle: 'security', users: [people.frank.slackId] },
      { id: AUDITORS_GROUP, handle: 'auditors', users: [people.olivia.slackId] },
      { id: HELPDESK_GROUP, handle: 'helpdesk', users: [people.hugo.slackId] },
    ],
    channels: [{ id: APPROVALS_CHANNEL, name: 'mfa-approvals' }],
  };
}

/** The cast's workspace; `scopes` narrows what the bot token was granted. */
export function startCastSlack(options: { scopes?: readonly string[] } = {}): Promise<FakeSlack> {
  return startFakeSlack({
    ...(options.scopes === undefined ? {} : { scopes: options.scopes }),
    directory: castDirectory(),
  });
}

/** What makes the bot's IAM user the same one again after the account is reset. */
export interface BotIdentityInAws {
  readonly accessKey: AccessKeyPair;
  /** Approver Slack ID → TOTP seed of their device on the bot's IAM user. */
  readonly seeds: Readonly<Record<string, string>>;
}

/**
 * The AWS account: the bot's IAM user with one MFA device per approver, and the IAM user of
 * everyone mapped to one (not dave's, which is meant not to exist); erin's carries the ID of her
 * second Slack account in the `slack-user-id` tag. With `bot`, the bot's user gets that access key
 * and those seeds, so a reset account matches the running bot's configuration.
 */
export function seedCastAccount(state: EmulatorState, options: { bot?: BotIdentityInAws } = {}): BotUser {
  const botUser = state.addBotUser({
    approvers: approverNames.map((name) => people[name].slackId),
    ...(options.bot !== undefined && { accessKey: options.bot.accessKey, seeds: options.bot.seeds }),
  });
  for (const person of Object.values(people)) {
    if (!('iamUser' in person) || person === people.dave) continue;
    const tags: Record<string, string> =
      person === people.erin ? { [SLACK_ID_TAG]: people.erinAlt.slackId } : {};
    state.addUser({ userName: person.iamUser, tags });
  }
  return botUser;
}

/** The sandbox's MFA devices: one kind of case per requester, and a device for every other person. */
export function addDemoDevices(state: EmulatorState): void {
  state.addVirtualDevice({ userName: people.alice.iamUser });
  state.addVirtualDevice({ userName: people.bob.iamUser });
  state.addHardwareDevice({ userName: people.bob.iamUser, serial: 'GAHT10000001' });
  state.addFidoDevice({ userName: people.fiona.iamUser, id: 'fiona-security-key' });
  state.addVirtualDevice({ userName: people.fiona.iamUser });
  state.addVirtualDevice({ userName: people.oscar.iamUser });
  for (const name of ['erin', 'frank', 'mallory', 'olivia', 'henry', 'hugo'] as const) {
    state.addVirtualDevice({ userName: people[name].iamUser });
  }
  addDemoAccess(state);
}

/**
 * What the approvers' risk facts show in the sandbox: alice signs in to the console and holds a
 * read-only policy and an access key; bob is an administrator through his group.
 */
function addDemoAccess(state: EmulatorState): void {
  const { alice, bob } = { alice: people.alice.iamUser, bob: people.bob.iamUser };
  state.access.setLoginProfile(alice, { lastUsed: new Date(state.clock.now() - 2 * 86_400_000) });
  state.access.attachPolicy({ user: alice }, 'ReadOnlyAccess');
  state.addAccessKey(alice);
  state.access.addUserToGroup(bob, 'admins');
  state.access.attachPolicy({ group: 'admins' }, 'AdministratorAccess');
  state.access.addUserToGroup(bob, 'developers');
}

export async function startCastAws(
  options: { deactivateRequiresMfa?: boolean } = {},
): Promise<{ aws: IamStsEmulator; botUser: BotUser }> {
  const aws = await startIamStsEmulator({ deactivateRequiresMfa: options.deactivateRequiresMfa ?? true });
  return { aws, botUser: seedCastAccount(aws.state) };
}

export interface CastConfigOptions {
  readonly botUser: BotUser;
  readonly table: string;
  readonly minApprovals?: number;
  readonly maxTokenAttempts?: number;
  readonly maxResetsPerTargetPerDay?: number;
  readonly lockout?: { readonly maxFailures: number; readonly windowMinutes: number };
  /** `audit.cloudtrailCheckMinutes`; off when undefined. */
  readonly cloudtrailCheckMinutes?: number;
  /** `requests.remindAfterMinutes` (default 30). */
  readonly remindAfterMinutes?: number;
  /** `requests.commandsPerMinute` (the bot's default when undefined). */
  readonly commandsPerMinute?: number;
  /** `audit.anchors`: the S3 bucket (Object Lock) where the chain is anchored; none when undefined. */
  readonly anchors?: { readonly bucket: string; readonly prefix?: string };
  /** `rules:` as YAML (a list, one item per line group, indented by two spaces); none when undefined. */
  readonly rulesYaml?: string;
  /** More `static` mapping entries, Slack user ID → IAM user (`ACCOUNT_ID:name` in a member account). */
  readonly staticMapping?: Readonly<Record<string, string>>;
  /** `accounts:` as YAML (a list, indented by two spaces); none when undefined. */
  readonly accountsYaml?: string;
}

/**
 * The bot's YAML policy for the cast: erin and frank approve with their own bot devices; erin
 * (by ID) and the S0AUDIT group (olivia) audit; erin (by ID) and the S0HELPDESK group (hugo) may
 * ask for resets for others.
 */
export function castConfigYaml(options: CastConfigOptions): string {
  const deviceOf = (name: (typeof approverNames)[number]) =>
    options.botUser.devices[approverNames.indexOf(name)]!.serial;
  return `
slack:
  approvalChannel: ${APPROVALS_CHANNEL}
approvers:
  users: [${people.erin.slackId}]
  userGroups: [${SECURITY_GROUP}]
  minApprovals: ${options.minApprovals ?? 1}
  lockout: { maxFailures: ${options.lockout?.maxFailures ?? 5}, windowMinutes: ${options.lockout?.windowMinutes ?? 15} }
  mfaDevices:
    ${people.erin.slackId}: ${deviceOf('erin')}
    ${people.frank.slackId}: ${deviceOf('frank')}
auditors:
  users: [${people.erin.slackId}]
  userGroups: [${AUDITORS_GROUP}]
helpdesk:
  users: [${people.erin.slackId}]
  userGroups: [${HELPDESK_GROUP}]
aws:
  deleteVirtualDevices: true
mapping:
  - static:
      ${people.dave.slackId}: ${people.dave.iamUser}
      ${people.oscar.slackId}: ${people.oscar.iamUser}
      ${people.henry.slackId}: ${people.henry.iamUser}
${Object.entries(options.staticMapping ?? {})
  .map(([member, user]) => `      ${member}: "${user}"\n`)
  .join('')}  - email: { template: "{localPart}", domains: [example.com] }
  - tag: { key: ${SLACK_ID_TAG} }
protect:
  users: ["admin-*"]
  tag: mfa-reset-protected
${options.accountsYaml === undefined ? '' : `accounts:\n${options.accountsYaml}\n`}${options.rulesYaml === undefined ? '' : `rules:\n${options.rulesYaml}\n`}requests:
  ttlMinutes: 60
  reasonMinLength: 10
  maxTokenAttempts: ${options.maxTokenAttempts ?? 3}
  maxResetsPerTargetPerDay: ${options.maxResetsPerTargetPerDay ?? 3}
  remindAfterMinutes: ${options.remindAfterMinutes ?? 30}
${options.commandsPerMinute === undefined ? '' : `  commandsPerMinute: ${options.commandsPerMinute}\n`}audit:
  table: ${options.table}
${options.cloudtrailCheckMinutes === undefined ? '' : `  cloudtrailCheckMinutes: ${options.cloudtrailCheckMinutes}\n`}${
  options.anchors === undefined
    ? ''
    : `  anchors: { bucket: ${options.anchors.bucket}, prefix: "${options.anchors.prefix ?? ''}" }\n`
}`;
}
