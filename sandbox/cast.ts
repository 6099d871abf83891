import type { DirectorySeed } from './fake-slack/index.js';
import { type FakeSlack, startFakeSlack } from './fake-slack/index.js';
import {
  type AccessKeyPair,
  type BotUser,
  type EmulatorState,
  type IamStsEmulator,
  startIamStsEmulator,
} from './iam-sts-emulator/index.js';

/**
 * One cast of people for everything that drives the bot without real Slack or AWS: the end-to-end
 * tests, the benchmark and the sandbox. It holds the people, the Slack workspace and the AWS account
 * they live in, and the bot's policy file for them.
 *
 * The tests start from the bare account (IAM users without MFA devices, which each test adds); the
 * sandbox adds `demoDevices` on top, so that every person has something to show.
 */
export const people = {
  /** Requester; in the demo, one virtual device. */
  alice: { slackId: 'U0ALICE', iamUser: 'alice', email: 'alice@example.com' },
  /** Requester; in the demo, a virtual device and a hardware token. */
  bob: { slackId: 'U0BOB', iamUser: 'bob', email: 'bob@example.com' },
  /** Requester; in the demo, a FIDO security key and a virtual device. */
  fiona: { slackId: 'U0FIONA', iamUser: 'fiona', email: 'fiona@example.com' },
  /** Mapped statically to a protected admin (`admin-*`): never reset through the bot. */
  oscar: { slackId: 'U0OSCAR', iamUser: 'admin-oscar', email: 'oscar@example.com' },
  /** Mapped statically to an IAM user that does not exist. */
  dave: { slackId: 'U0DAVE', iamUser: 'dave-gone', email: 'dave@example.com' },
  /** E-mail outside the allowed domain: not mapped. */
  carol: { slackId: 'U0CAROL', email: 'carol@elsewhere.org' },
  /** Approver by user ID, with their own device on the bot user. */
  erin: { slackId: 'U0ERIN', iamUser: 'erin', email: 'erin@example.com' },
  /** Approver through the S0SECURITY user group, with their own device on the bot user. */
  frank: { slackId: 'U0FRANK', iamUser: 'frank', email: 'frank@example.com' },
  /** A member who is no approver. */
  mallory: { slackId: 'U0MALLORY', iamUser: 'mallory', email: 'mallory@example.com' },
  /** Mapped statically to `henry`; his e-mail plays no part. */
  henry: { slackId: 'U0HENRY', iamUser: 'henry', email: 'h.hughes@example.com' },
  /** A second member whose e-mail gives `henry`, whom the static rule gives to henry: refused. */
  ivan: { slackId: 'U0IVAN', email: 'henry@example.com' },
  /**
   * Erin's second Slack account: no approver, its e-mail outside the allowed domain; her IAM user
   * `erin` carries its ID in the `slack-user-id` tag, so it maps to `erin` too.
   */
  erinAlt: { slackId: 'U0ERIN2', email: 'erin.alt@elsewhere.org' },
  /** Auditor through the S0AUDIT user group; no approver. (erin is an auditor by user ID too.) */
  olivia: { slackId: 'U0OLIVIA', iamUser: 'olivia', email: 'olivia@example.com' },
  /** Help desk through the S0HELPDESK user group: asks for resets for others. No approver. */
  hugo: { slackId: 'U0HUGO', iamUser: 'hugo', email: 'hugo@example.com' },
} as const;

/** The IAM user tag the `tag` mapping rule reads. */
export const SLACK_ID_TAG = 'slack-user-id';

export type PersonName = keyof typeof people;

export const APPROVALS_CHANNEL = 'C0APPROVALS';
export const SECURITY_GROUP = 'S0SECURITY';
export const AUDITORS_GROUP = 'S0AUDIT';
export const HELPDESK_GROUP = 'S0HELPDESK';

/** The approvers, in the order their devices are added to the bot's IAM user. */
export const approverNames = ['erin', 'frank'] as const satisfies readonly PersonName[];

/**
 * The Slack workspace: everyone above, the security user group (frank), the auditors' group
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
}

export async function startCastAws(
  options: { deactivateRequiresMfa?: boolean } = {},
): Promise<{ aws: IamStsEmulator; botUser: BotUser }> {
  const aws = await startIamStsEmulator({ deactivateRequiresMfa: options.deactivateRequiresMfa ?? true });
  return { aws, botUser: seedCastAccount(aws.state) };
}

export interface CastPolicyOptions {
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
}

/**
 * The bot's YAML policy for the cast: erin and frank approve with their own bot devices; erin
 * (by ID) and the S0AUDIT group (olivia) audit; erin (by ID) and the S0HELPDESK group (hugo) may
 * ask for resets for others.
 */
export function castPolicyYaml(options: CastPolicyOptions): string {
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
  - email: { template: "{localPart}", domains: [example.com] }
  - tag: { key: ${SLACK_ID_TAG} }
protect:
  users: ["admin-*"]
  tag: mfa-reset-protected
requests:
  ttlMinutes: 60
  reasonMinLength: 10
  maxTokenAttempts: ${options.maxTokenAttempts ?? 3}
  maxResetsPerTargetPerDay: ${options.maxResetsPerTargetPerDay ?? 3}
  remindAfterMinutes: ${options.remindAfterMinutes ?? 30}
audit:
  table: ${options.table}
${options.cloudtrailCheckMinutes === undefined ? '' : `  cloudtrailCheckMinutes: ${options.cloudtrailCheckMinutes}\n`}`;
}
