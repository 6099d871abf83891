import * as z from 'zod';
import {
  accountIdOfArn,
  accountIdPattern,
  homeAccountOf,
  type MemberAccount,
  parseIamUserRef,
} from '../domain/accounts.js';
import type { ProtectionRules } from '../domain/authorisation.js';
import type { MappingRule } from '../domain/mapping.js';
import { approvalRulesSchema } from './approval-rules-schema.js';

/** The roles' names in the member stack (infra/), used when an account leaves them out. */
export const DEFAULT_RESET_ROLE = 'mfa-reset-bot-reset';
export const DEFAULT_READ_ROLE = 'mfa-reset-bot-reader';

/** A role name (resolved in the account) or a role ARN, for roles with a path or another partition. */
const roleNameOrArn = z
  .string()
  .regex(
    /^([\w+=,.@-]{1,64}|arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512})$/,
    'must be a role name such as mfa-reset-bot-reset or a role ARN (arn:aws:iam::ACCOUNT:role/NAME)',
  );

export const protectSchema = z.strictObject({
  users: z.array(z.string().min(1)).default([]),
  tag: z.string().min(1).optional(),
});

const accountSchema = z.strictObject({
  id: z
    .string({ error: 'is not set: set it to the 12-digit account ID, quoted ("111122223333")' })
    .regex(accountIdPattern, 'must be a 12-digit AWS account ID, quoted ("111122223333")'),
  name: z.string().regex(/^[\w.-]{1,64}$/, 'must be 1–64 letters, digits, ., _ or -'),
  /** AWS's limits for sts:ExternalId: 2–1224 of letters, digits and `+=,.@:/-`. */
  externalId: z
    .string({ error: 'is not set: set it to the external ID the account’s roles require' })
    .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2–1224 of letters, digits and +=,.@:/-'),
  resetRole: roleNameOrArn.default(DEFAULT_RESET_ROLE),
  readRole: roleNameOrArn.default(DEFAULT_READ_ROLE),
  /** Added to the global `protect` for this account's users. */
  protect: protectSchema.default({ users: [] }),
  /** Approval rules for this account's users, tried before the global `rules`. */
  rules: approvalRulesSchema,
});

/** `accounts:`, the member accounts; the bot's own account is implicit. None by default. */
export const accountsSchema = z
  .array(accountSchema)
  .default([])
  .superRefine((accounts, context) => {
    for (const key of ['id', 'name'] as const) {
      const seen = new Set<string>();
      accounts.forEach((account, index) => {
        const value = account[key].toLowerCase();
        if (seen.has(value)) {
          context.addIssue({
            code: 'custom',
            path: [index, key],
            message: `names an account listed before it`,
          });
        }
        seen.add(value);
      });
    }
    accounts.forEach((account, index) => {
      for (const key of ['resetRole', 'readRole'] as const) {
        const inAccount = accountIdOfArn(account[key]);
        if (inAccount !== undefined && inAccount !== account.id) {
          context.addIssue({
            code: 'custom',
            path: [index, key],
            message: `is a role of account ${inAccount}, not of ${account.id}`,
          });
        }
      }
    });
  });

export type AccountsConfig = z.infer<typeof accountsSchema>;

function roleArnOf(accountId: string, role: string): string {
  return role.startsWith('arn:') ? role : `arn:aws:iam::${accountId}:role/${role}`;
}

/** The member accounts as the services use them, with their own protection rules. */
export function memberAccountsOf(accounts: AccountsConfig): ReadonlyArray<
  MemberAccount & {
    readonly protect: Pick<ProtectionRules, 'users' | 'tag'>;
    readonly rules: AccountsConfig[number]['rules'];
  }
> {
  return accounts.map((account) => ({
    id: account.id,
    name: account.name,
    externalId: account.externalId,
    resetRoleArn: roleArnOf(account.id, account.resetRole),
    readRoleArn: roleArnOf(account.id, account.readRole),
    protect: {
      users: account.protect.users,
      ...(account.protect.tag !== undefined ? { tag: account.protect.tag } : {}),
    },
    rules: account.rules,
  }));
}

/** A static mapping entry: an IAM user of the bot's account, or `ACCOUNT_ID:user` in a member account. */
export const mappedIamUser = z
  .string()
  .refine(
    (text) => parseIamUserRef(text) !== undefined,
    'must be an IAM user name (1–64 of letters, digits, +=,.@_-), or ACCOUNT_ID:name for a member account',
  );
/**
 * What only the whole file can tell: a static entry naming an account that `accounts` does not
 * list, and the bot's own account (the one of its MFA serials' ARNs) listed as a member.
 */
export function accountIssues(file: {
  readonly mapping: readonly MappingRule[];
  readonly accounts: ReadonlyArray<{
    readonly id: string;
    readonly rules: ReadonlyArray<{ readonly name: string }>;
  }>;
  readonly rules: ReadonlyArray<{ readonly name: string }>;
  readonly aws: { readonly botMfaSerial?: string | undefined };
  readonly approvers: { readonly mfaDevices: Readonly<Record<string, string>> };
}): Array<{ path: PropertyKey[]; message: string }> {
  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  const listed = new Set(file.accounts.map((account) => account.id));
  file.mapping.forEach((rule, index) => {
    if (!('static' in rule)) return;
    for (const [member, entry] of Object.entries(rule.static)) {
      const accountId = parseIamUserRef(entry)?.accountId;
      if (accountId !== undefined && !listed.has(accountId)) {
        issues.push({
          path: ['mapping', index, 'static', member],
          message: `names account ${accountId}, which accounts does not list: add it there or remove the entry`,
        });
      }
    }
  });
  const serials = [file.aws.botMfaSerial, ...Object.values(file.approvers.mfaDevices)];
  const home = homeAccountOf(serials);
  // Rule names are recorded with requests: one name, one rule, across the file.
  const ruleNames = new Set(file.rules.map((rule) => rule.name));
  file.accounts.forEach((account, index) => {
    account.rules.forEach((rule, ruleIndex) => {
      if (ruleNames.has(rule.name)) {
        issues.push({
          path: ['accounts', index, 'rules', ruleIndex, 'name'],
          message: `names a rule listed before it: every rule needs a name of its own`,
        });
      }
      ruleNames.add(rule.name);
    });
    if (account.id === home) {
      issues.push({
        path: ['accounts', index, 'id'],
        message: 'is the bot’s own account (that of its MFA devices), which needs no entry: remove it',
      });
    }
  });
  return issues;
}
