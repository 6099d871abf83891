import * as z from 'zod';
import { accountIdPattern, type MemberAccount } from '../domain/accounts.js';
import type { ProtectionRules } from '../domain/authorisation.js';
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
        const inAccount = /^arn:[^:]+:iam::(\d{12}):/.exec(account[key])?.[1];
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
