export const PROGRAM = 'mfa-reset-bot';

/** Prints the version of the package the CLI ships in, alone on a line, for scripts and bug reports. */
export const versionFlag = '--version';

export const exitCodes = {
  ok: 0,
  /** `audit verify` found the trail edited, truncated or with events deleted. */
  tampered: 1,
  /** Bad arguments or configuration: fixable by the person running the command. */
  usage: 2,
  /** The audit table could not be read or written. */
  storeFailed: 3,
  /** `audit cloudtrail` could not read CloudTrail. */
  cloudTrailFailed: 4,
  /** `approvers …` could not read or change IAM, or AWS refused the codes. */
  iamFailed: 5,
  /** `audit verify` could not read the chain's anchors in S3 (`audit.anchors`). */
  anchorsFailed: 6,
} as const;

const botUserOption =
  '  --bot-user NAME    the bot’s IAM user. Default: aws.botUserName in the YAML config whose path is\n' +
  '                     in MFA_RESET_CONFIG, else mfa-reset-bot';

const tableOption =
  '  --table NAME       the DynamoDB audit table. Default: audit.table in the YAML config whose path is\n' +
  '                     in MFA_RESET_CONFIG, else mfa-reset-audit';

export const commandUsage = {
  'table create': [
    `Usage: ${PROGRAM} table create [--table NAME]`,
    '',
    'Creates the audit table (on-demand billing, with its indexes) and waits until it is active.',
    'Running it again on an existing audit table is harmless.',
    '',
    tableOption,
  ].join('\n'),
  'audit export': [
    `Usage: ${PROGRAM} audit export [--request ID | --user IAM_USER | --actor SLACK_ID]`,
    '                          [--from TIME] [--to TIME] [--format jsonl|csv] [--table NAME]',
    '',
    'Writes audit events, oldest first, to standard output; without a filter, all events by time.',
    '',
    '  --request ID       only the events of this reset request',
    '  --user IAM_USER    only the events about this IAM user (ACCOUNT_ID:name in a member account)',
    '  --actor SLACK_ID   only the events this Slack member caused (a user ID such as U0123ABCD)',
    '  --from TIME        inclusive bounds: an ISO-8601 time with its zone (2026-11-27T10:00:00Z)',
    '  --to TIME          or a day (2026-11-27), meaning the whole day in UTC',
    '  --format FORMAT    jsonl (default): one event per line, exactly as stored, hashes included;',
    "                     csv: for spreadsheets (cells starting with = + - @ get a leading ')",
    tableOption,
  ].join('\n'),
  'audit verify': [
    `Usage: ${PROGRAM} audit verify [--anchor SEQ:HASHPREFIX]... [--table NAME]`,
    '',
    'Reads the whole table and checks the hash chain linking the audit events, that each event is',
    'filed under the indexes its content names, and that each request agrees with its events.',
    'With audit.anchors in the MFA_RESET_CONFIG file, also that every anchor of the chain in S3',
    'agrees with the table, and that no anchor was written twice.',
    'Exits 0 when the trail is intact, 1 naming the first bad event, request or anchor otherwise,',
    '6 when the anchors could not be read.',
    '',
    '  --anchor SEQ:HASHPREFIX  an event number and the start of its hash (at least 8 hex',
    '                     characters), as shown under each finished request in the approvals',
    '                     channel and by exports; verify fails if the chain disagrees. Repeatable:',
    '                     catches a chain rewritten from some point on together with its head.',
    tableOption,
  ].join('\n'),
  'audit cloudtrail': [
    `Usage: ${PROGRAM} audit cloudtrail --days N [--region REGION] [--table NAME]`,
    '',
    'Reads the CloudTrail events DeactivateMFADevice and DeleteVirtualMFADevice of the last N days in',
    "the bot's own account and in every member account under accounts: of the config file",
    '(MFA_RESET_CONFIG), each through its reader role, and lists every one the audit trail does not',
    "account for: made outside the bot, or with the bot's credentials (in a member account, its reset",
    'role) without an approved request for that IAM user and device at that time. Reading a member',
    "account needs credentials its reader role trusts (the bot's runtime role).",
    'Exits 0 when every reset is accounted for, 1 when any is not (each is listed on standard output,',
    'a member account’s with account=ID), 4 when an account’s CloudTrail cannot be read and no reset is listed.',
    '',
    '  --days N           how far back to look, 1 to 90 (CloudTrail keeps 90 days of events)',
    "  --region REGION    where CloudTrail keeps IAM's events (default us-east-1)",
    tableOption,
  ].join('\n'),
  'approvers enrol': [
    `Usage: ${PROGRAM} approvers enrol --member SLACK_ID --name NAME [--show-secret] [--bot-user NAME]`,
    '',
    'Run with your own AWS session (the bot may not do this). Creates the virtual MFA device',
    'BOTUSER-NAME, shows its QR code once for the approver to scan, asks for two consecutive codes',
    'from their app, enables the device on the bot’s IAM user, and prints the approvers.mfaDevices',
    'line to add to the bot’s configuration. The seed is never written to disk or logged; if',
    'enabling fails, the new device is deleted again.',
    '',
    '  --member SLACK_ID  the approver’s Slack user ID (U0123ABCD)',
    '  --name NAME        a short name for the device, e.g. the approver’s first name',
    '  --show-secret      also print the base32 seed, for an app that cannot scan',
    botUserOption,
  ].join('\n'),
  'approvers revoke': [
    `Usage: ${PROGRAM} approvers revoke --member SLACK_ID [--serial SERIAL] [--bot-user NAME]`,
    '',
    'Run with your own AWS session. Deactivates the approver’s device on the bot’s IAM user and',
    'deletes it (a virtual one). The device is the one approvers.mfaDevices gives the member in the',
    'YAML config named by MFA_RESET_CONFIG, or --serial. Then remove the member and that line',
    'from the configuration and restart the bot.',
    '',
    '  --member SLACK_ID  the approver’s Slack user ID',
    '  --serial SERIAL    the device, when no configuration is at hand',
    botUserOption,
  ].join('\n'),
  'approvers check': [
    `Usage: ${PROGRAM} approvers check [--bot-user NAME]`,
    '',
    'Compares approvers.mfaDevices (and aws.botMfaSerial) in the YAML config named by',
    'MFA_RESET_CONFIG with the MFA devices on the bot’s IAM user. Exits 0 when every configured',
    'device is there, 1 when any is not (devices on the user that no approver has are listed too).',
    '',
    botUserOption,
  ].join('\n'),
} as const;

export type CommandName = keyof typeof commandUsage;

export const generalUsage = [
  `${PROGRAM}: set up, export and verify the audit trail of the MFA reset bot, and manage the approvers' devices.`,
  '',
  'Usage:',
  `  ${PROGRAM} table create [--table NAME]`,
  `  ${PROGRAM} audit export [--request ID | --user IAM_USER | --actor SLACK_ID] [--from TIME] [--to TIME]`,
  '                             [--format jsonl|csv] [--table NAME]',
  `  ${PROGRAM} audit verify [--anchor SEQ:HASHPREFIX]... [--table NAME]`,
  `  ${PROGRAM} audit cloudtrail --days N [--region REGION] [--table NAME]`,
  `  ${PROGRAM} approvers enrol --member SLACK_ID --name NAME [--show-secret] [--bot-user NAME]`,
  `  ${PROGRAM} approvers revoke --member SLACK_ID [--serial SERIAL] [--bot-user NAME]`,
  `  ${PROGRAM} approvers check [--bot-user NAME]`,
  `  ${PROGRAM} <command> --help`,
  `  ${PROGRAM} ${versionFlag}`,
  '',
  'AWS access uses the SDK standard configuration: credentials chain, AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB,',
  'AWS_ENDPOINT_URL_CLOUDTRAIL, AWS_ENDPOINT_URL_IAM.',
  'Exit codes: 0 done; 1 the audit trail failed verification, or CloudTrail shows an MFA reset it does',
  'not account for; 2 bad arguments or configuration (no AWS region included); 3 the audit table could',
  'not be reached, read or written; 4 CloudTrail could not be read; 5 IAM could not be read or changed',
  '(approvers …), or refused the codes. `approvers check` exits 1 when a configured device is missing.',
].join('\n');
