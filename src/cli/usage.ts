export const PROGRAM = 'mfa-reset-bot';

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
} as const;

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
    '  --user IAM_USER    only the events about this IAM user',
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
    'Exits 0 when the trail is intact, 1 naming the first bad event or request otherwise.',
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
    "Reads the account's CloudTrail events DeactivateMFADevice and DeleteVirtualMFADevice of the last",
    'N days and lists every one the audit trail does not account for: made outside the bot, or with',
    "the bot's credentials without an approved request for that IAM user and device at that time.",
    'Exits 0 when every reset is accounted for, 1 when any is not (each is listed on standard output).',
    '',
    '  --days N           how far back to look, 1 to 90 (CloudTrail keeps 90 days of events)',
    "  --region REGION    where CloudTrail keeps IAM's events (default us-east-1)",
    tableOption,
  ].join('\n'),
} as const;

export type CommandName = keyof typeof commandUsage;

export const generalUsage = [
  `${PROGRAM}: set up, export and verify the audit trail of the MFA reset bot.`,
  '',
  'Usage:',
  `  ${PROGRAM} table create [--table NAME]`,
  `  ${PROGRAM} audit export [--request ID | --user IAM_USER | --actor SLACK_ID] [--from TIME] [--to TIME]`,
  '                             [--format jsonl|csv] [--table NAME]',
  `  ${PROGRAM} audit verify [--anchor SEQ:HASHPREFIX]... [--table NAME]`,
  `  ${PROGRAM} audit cloudtrail --days N [--region REGION] [--table NAME]`,
  `  ${PROGRAM} <command> --help`,
  '',
  'AWS access uses the SDK standard configuration: credentials chain, AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB,',
  'AWS_ENDPOINT_URL_CLOUDTRAIL.',
  'Exit codes: 0 done; 1 the audit trail failed verification, or CloudTrail shows an MFA reset it does',
  'not account for; 2 bad arguments or configuration (no AWS region included); 3 the audit table could',
  'not be reached, read or written; 4 CloudTrail could not be read.',
].join('\n');
