import { type FakeSlack, startFakeSlack } from '../../src/sandbox/fake-slack/index.js';
import {
  type BotUser,
  type IamStsEmulator,
  startIamStsEmulator,
} from '../../src/sandbox/iam-sts-emulator/index.js';

/**
 * The people of the end-to-end tests and the benchmark, the Slack workspace and AWS account they
 * live in, and the bot's policy file for them: one cast, so both drive the bot the same way.
 */
export const people = {
  alice: { slackId: 'U0ALICE', iamUser: 'alice', email: 'alice@example.com' },
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

export const HELPDESK_GROUP = 'S0HELPDESK';

/** The IAM user tag the `tag` mapping rule reads. */
export const SLACK_ID_TAG = 'slack-user-id';

export const AUDITORS_GROUP = 'S0AUDIT';

export const APPROVALS_CHANNEL = 'C0APPROVALS';

/**
 * The Slack workspace: everyone above, the security user group (frank), the auditors' group
 * (olivia) and the approvals channel. `scopes` narrows what the bot token was granted.
 */
export function startCastSlack(options: { scopes?: readonly string[] } = {}): Promise<FakeSlack> {
  return startFakeSlack({
    ...(options.scopes === undefined ? {} : { scopes: options.scopes }),
    directory: {
      users: Object.values(people).map((person) => ({
        id: person.slackId,
        name: person.email.split('@')[0]!,
        email: person.email,
      })),
      userGroups: [
        { id: 'S0SECURITY', handle: 'security', users: [people.frank.slackId] },
        { id: AUDITORS_GROUP, handle: 'auditors', users: [people.olivia.slackId] },
        { id: HELPDESK_GROUP, handle: 'helpdesk', users: [people.hugo.slackId] },
      ],
      channels: [{ id: APPROVALS_CHANNEL, name: 'mfa-approvals' }],
    },
  });
}

/**
 * The AWS account: the bot's IAM user with one MFA device per approver, and everyone's IAM users;
 * erin's carries the ID of her second Slack account in the `slack-user-id` tag.
 */
export async function startCastAws(
  options: { deactivateRequiresMfa?: boolean } = {},
): Promise<{ aws: IamStsEmulator; botUser: BotUser }> {
  const aws = await startIamStsEmulator({ deactivateRequiresMfa: options.deactivateRequiresMfa ?? true });
  const botUser = aws.state.addBotUser({ approvers: [people.erin.slackId, people.frank.slackId] });
  for (const person of [people.alice, people.frank, people.mallory, people.henry, people.hugo]) {
    aws.state.addUser({ userName: person.iamUser });
  }
  aws.state.addUser({ userName: people.erin.iamUser, tags: { [SLACK_ID_TAG]: people.erinAlt.slackId } });
  return { aws, botUser };
}

export interface CastPolicyOptions {
  readonly botUser: BotUser;
  readonly table: string;
  readonly stepUp?: 'always' | 'when-required';
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
 * ask for others.
 */
export function castPolicyYaml(options: CastPolicyOptions): string {
  return `
slack:
  approvalChannel: ${APPROVALS_CHANNEL}
approvers:
  users: [${people.erin.slackId}]
  userGroups: [S0SECURITY]
  minApprovals: ${options.minApprovals ?? 1}
  lockout: { maxFailures: ${options.lockout?.maxFailures ?? 5}, windowMinutes: ${options.lockout?.windowMinutes ?? 15} }
  mfaDevices:
    ${people.erin.slackId}: ${options.botUser.devices[0]!.serial}
    ${people.frank.slackId}: ${options.botUser.devices[1]!.serial}
auditors:
  users: [${people.erin.slackId}]
  userGroups: [${AUDITORS_GROUP}]
helpdesk:
  users: [${people.erin.slackId}]
  userGroups: [${HELPDESK_GROUP}]
aws:
  stepUp: ${options.stepUp ?? 'always'}
  deleteVirtualDevices: true
mapping:
  - static: { ${people.dave.slackId}: ${people.dave.iamUser}, ${people.henry.slackId}: ${people.henry.iamUser} }
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
