/**
 * The names the stack is built with. They are synth-time settings (CDK context), not CloudFormation
 * parameters, because they end up inside the IAM policies — in resource ARNs and in the protected
 * tag's condition key, which CloudFormation cannot compute — and because changing one later
 * replaces the resource it names (a renamed table is a new, empty table).
 * See docs/decisions/005-infrastructure-as-a-cdk-app.md.
 */
export interface StackSettings {
  /** The bot's IAM user (config `aws.botUserName`); its approvers' devices are named `<this>-…`. */
  readonly botUserName: string;
  /** The audit table (config `audit.table`). */
  readonly tableName: string;
  /** The tag that marks IAM users the bot must never reset (config `protect.tag`). */
  readonly protectedTag: string;
  /** How long the bot's logs (and the audit lines in them) are kept, in days. */
  readonly logRetentionDays: number;
  /** The ECR repository the bot's image is pushed to and pulled from. */
  readonly imageRepository: string;
  /** Globs of IAM user names IAM itself refuses to let the bot reset (config `protect.users`), comma-separated. */
  readonly protectedUsers: string;
  /** Only users under this IAM path may be reset (`/`: every user). */
  readonly resettablePath: string;
  /** Only users carrying this tag may be reset, as `KEY=VALUE` (empty: no such limit). */
  readonly resettableTag: string;
  /** The anchors bucket (config `audit.anchors.bucket`); empty: CloudFormation names it. */
  readonly anchorsBucket: string;
  /** How long each anchor is locked in compliance mode, in days: nobody can delete it before. */
  readonly anchorRetentionDays: number;
  /**
   * The member accounts of the organisation the bot resets in through their roles (config
   * `accounts`), comma-separated 12-digit IDs; empty: none. The step-up user may assume the reset
   * role and the runtime role the reader role of exactly these accounts.
   */
  readonly memberAccounts: string;
}

export const defaultSettings: StackSettings = {
  botUserName: 'mfa-reset-bot',
  tableName: 'mfa-reset-audit',
  protectedTag: 'mfa-reset-protected',
  logRetentionDays: 365,
  imageRepository: 'mfa-reset-bot',
  protectedUsers: '',
  resettablePath: '/',
  resettableTag: '',
  anchorsBucket: '',
  anchorRetentionDays: 400,
  memberAccounts: '',
};

/** Retention periods CloudWatch Logs accepts. */
const retentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557];

const rules: Record<keyof StackSettings, { test: (value: string) => boolean; what: string }> = {
  botUserName: { test: (v) => /^[\w+=,.@-]{1,54}$/.test(v), what: 'an IAM user name of up to 54 characters' },
  tableName: {
    test: (v) => /^[\w.-]{3,255}$/.test(v),
    what: 'a DynamoDB table name (3–255 of a-z A-Z 0-9 _ - .)',
  },
  protectedTag: {
    test: (v) => /^[\w.:/=+@-]{1,128}$/.test(v) && !v.startsWith('aws:'),
    what: 'an IAM tag key (up to 128 characters, not starting with aws:)',
  },
  imageRepository: {
    test: (v) => /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(v),
    what: 'an ECR repository name (2–256 of a-z 0-9 . _ - /, starting and ending with a letter or digit)',
  },
  protectedUsers: {
    test: (v) => v.split(',').every((glob) => /^\s*([\w+=.@*?-]{1,64}\s*)?$/.test(glob)),
    what: 'comma-separated globs of IAM user names (letters, digits, + = . @ _ - and the wildcards * ?)',
  },
  resettablePath: {
    test: (v) => v.length <= 512 && /^\/(?:[\x21-\x2E\x30-\x7E]+\/)*$/.test(v),
    what: 'an IAM path (/ or /SEGMENT/…/, up to 512 characters)',
  },
  resettableTag: {
    test: (v) => v === '' || /^(?!aws:)[\w.:/+@-]{1,128}=[\w.:/=+@ -]{0,256}$/.test(v),
    what: 'KEY=VALUE with an IAM tag key (not starting with aws:) and value',
  },
  anchorsBucket: {
    test: (v) =>
      v === '' || (/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) && !/\.\.|^\d+\.\d+\.\d+\.\d+$/.test(v)),
    what: 'an S3 bucket name (3–63 of a-z 0-9 . -, starting and ending with a letter or digit)',
  },
  anchorRetentionDays: {
    test: (v) => /^[1-9]\d{0,4}$/.test(v) && Number(v) <= 36_500,
    what: 'a whole number of days from 1 to 36500',
  },
  memberAccounts: {
    test: (v) => {
      const ids = v.split(',').map((id) => id.trim());
      return v.trim() === '' || (ids.every((id) => /^\d{12}$/.test(id)) && new Set(ids).size === ids.length);
    },
    what: 'comma-separated 12-digit AWS account IDs, each once',
  },
  logRetentionDays: {
    test: (v) => retentionDays.includes(Number(v)),
    what: `one of CloudWatch Logs' retention periods (${retentionDays.join(', ')})`,
  },
};

/** Reads the settings from CDK context values; throws one message naming every bad value. */
export function settingsFrom(context: (key: string) => unknown): StackSettings {
  const problems: string[] = [];
  const value = <K extends keyof StackSettings>(key: K): StackSettings[K] => {
    const given = context(key);
    if (given === undefined) return defaultSettings[key];
    const text = String(given);
    if (!rules[key].test(text))
      problems.push(`  - ${key}: ${JSON.stringify(given)} is not ${rules[key].what}`);
    return (typeof defaultSettings[key] === 'number' ? Number(text) : text) as StackSettings[K];
  };
  const settings: StackSettings = {
    botUserName: value('botUserName'),
    tableName: value('tableName'),
    protectedTag: value('protectedTag'),
    logRetentionDays: value('logRetentionDays'),
    imageRepository: value('imageRepository'),
    protectedUsers: value('protectedUsers'),
    resettablePath: value('resettablePath'),
    resettableTag: value('resettableTag'),
    anchorsBucket: value('anchorsBucket'),
    anchorRetentionDays: value('anchorRetentionDays'),
    memberAccounts: value('memberAccounts'),
  };
  if (problems.length > 0) throw new Error(`Invalid stack settings (CDK context):\n${problems.join('\n')}`);
  return settings;
}
