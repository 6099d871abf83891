import { readFileSync } from 'node:fs';
import type { StackSettings } from './settings.js';

/**
 * The IAM policy documents of iam/, used by the stack as they are: read from the files, with the
 * file's default names replaced by the stack's settings and the wildcard account and region
 * pinned to the stack's own. Nothing else changes, and test/policies.test.ts proves it by undoing
 * exactly these replacements and comparing with the files.
 */

export type IamPolicyFile =
  | 'mfa-reset-bot-policy'
  | 'runtime-policy'
  | 'dynamodb-policy'
  | 'audit-reader-policy'
  | 'anchors-policy'
  | 'anchors-bucket-policy'
  | 'member-reset-role-trust'
  | 'member-reset-role-policy'
  | 'member-reader-role-trust'
  | 'member-reader-role-policy';

/** The names the files are written with (the defaults of the bot's configuration). */
export const fileNames = {
  botUserName: 'mfa-reset-bot',
  tableName: 'mfa-reset-audit',
  protectedTag: 'mfa-reset-protected',
  anchorsBucket: 'mfa-reset-anchors',
} as const;

export interface Placement {
  readonly partition: string;
  readonly account: string;
  readonly region: string;
  /** The anchors bucket's name (CloudFormation's, unless a setting names it). */
  readonly anchorsBucket: string;
}

export function readIamPolicyFile(file: IamPolicyFile): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../iam/${file}.json`, import.meta.url), 'utf8'));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces the files' names and wildcards in one string (an ARN or a condition key). */
function localiseText(text: string, settings: StackSettings, place: Placement): string {
  const { partition, account, region } = place;
  return text
    .replace(/^arn:aws:iam::\*:/, `arn:${partition}:iam::${account}:`)
    .replace(/^arn:aws:dynamodb:\*:\*:/, `arn:${partition}:dynamodb:${region}:${account}:`)
    .replace(
      new RegExp(`^(arn:[^:]+:iam::[^:]+:(?:user|mfa)/)${escapeRegExp(fileNames.botUserName)}(?=\\*|$)`),
      `$1${settings.botUserName}`,
    )
    .replace(
      new RegExp(`^(arn:[^:]+:dynamodb:[^:]+:[^:]+:table/)${escapeRegExp(fileNames.tableName)}(?=/|$)`),
      `$1${settings.tableName}`,
    )
    .replace(
      new RegExp(`^arn:aws:s3:::${escapeRegExp(fileNames.anchorsBucket)}(?=/|$)`),
      `arn:${partition}:s3:::${place.anchorsBucket}`,
    )
    .replace(
      new RegExp(`^(aws:ResourceTag/)${escapeRegExp(fileNames.protectedTag)}$`),
      `$1${settings.protectedTag}`,
    );
}

/** Every string and object key of the document, localised; the structure is left as it is. */
export function localiseValue(value: unknown, localise: (text: string) => string): unknown {
  if (typeof value === 'string') return localise(value);
  if (Array.isArray(value)) return value.map((item) => localiseValue(item, localise));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [localise(key), localiseValue(item, localise)]),
    );
  }
  return value;
}

/**
 * The home statements that let the bot's identities into the member accounts' roles
 * (`arn:aws:iam::*:role/…` in the files): pinned to the roles of exactly the accounts of the setting
 * `memberAccounts`, one ARN each, and left out when it names none.
 */
export const memberRoleStatements = ['AssumeMemberResetRolesOnlyWithMfa', 'AssumeMemberReaderRoles'] as const;

/** `memberAccounts` as a list: comma-separated 12-digit account IDs, blanks ignored. */
export function memberAccountsOf(setting: string): string[] {
  return setting
    .split(',')
    .map((account) => account.trim())
    .filter((account) => account !== '');
}

type Statement = Record<string, unknown> & { Sid?: string; Resource?: unknown };

function pinToMemberAccounts(statements: Statement[], accounts: string[], partition: string): Statement[] {
  return statements.flatMap((statement) => {
    if (!(memberRoleStatements as readonly (string | undefined)[]).includes(statement.Sid))
      return [statement];
    if (accounts.length === 0) return [];
    const resource = String(statement.Resource);
    const rest = resource.replace(/^arn:aws:iam::\*:/, '');
    if (rest === resource) throw new Error(`${statement.Sid}: not an arn:aws:iam::*: resource`);
    return [
      { ...statement, Resource: accounts.map((account) => `arn:${partition}:iam::${account}:${rest}`) },
    ];
  });
}

/** The policy document of iam/FILE.json for this stack. */
export function policyDocument(file: IamPolicyFile, settings: StackSettings, place: Placement) {
  const document = readIamPolicyFile(file) as { Statement: Statement[] };
  const pinned = {
    ...document,
    Statement: pinToMemberAccounts(
      document.Statement,
      memberAccountsOf(settings.memberAccounts),
      place.partition,
    ),
  };
  return localiseValue(pinned, (text) => localiseText(text, settings, place)) as Record<string, unknown>;
}
