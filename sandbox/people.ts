/**
 * The people of the one cast (see cast.ts), on their own so that the unit tests can take their
 * people from it without starting a server: each name is one person with one role everywhere in
 * the project. cast.ts re-exports all of it and builds the workspace, the account and the policy.
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
  /**
   * Approver by user ID without a device of his own: he signs with the bot's shared device
   * (`aws.botMfaSerial`). Only the unit tests' rules have a shared device and list him; the cast's
   * config file has neither, so he has no IAM user and plays no part in the sandbox.
   */
  sam: { slackId: 'U0SAM', email: 'sam@example.com' },
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
