import { readIamPolicyFile } from '../../../infra/lib/policies.js';
import type { EmulatedAccount, EmulatedRole } from '../../../sandbox/iam-sts-emulator/index.js';

/**
 * The member account roles of the multi-account contract (/work/contract-20.md, "Names"), as
 * documents for the emulator: the reset role (trusting the home account's step-up user, with MFA
 * and the account's external ID) and the reader role (trusting the runtime role, with the external
 * ID). Their permission statements are taken from iam/ as they are: the reset role's denies from
 * iam/mfa-reset-bot-policy.json, the reader role's reads from iam/runtime-policy.json.
 */
export const RESET_ROLE = 'mfa-reset-bot-reset';
export const READER_ROLE = 'mfa-reset-bot-reader';

function statementsOf(file: 'mfa-reset-bot-policy' | 'runtime-policy'): Array<Record<string, unknown>> {
  return (readIamPolicyFile(file) as { Statement: Array<Record<string, unknown>> }).Statement;
}

function statement(file: 'mfa-reset-bot-policy', sid: string): Record<string, unknown> {
  const found = statementsOf(file).find((s) => s.Sid === sid);
  if (found === undefined) throw new Error(`iam/${file}.json has no statement ${sid}`);
  return found;
}

const withMfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };

/** The reset role's permissions: list devices; deactivate and delete only with MFA; the bot's two denies. */
export function resetRolePolicy(): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ListDevices',
        Effect: 'Allow',
        Action: 'iam:ListMFADevices',
        Resource: 'arn:aws:iam::*:user/*',
      },
      {
        Sid: 'DeactivateDevicesOnlyWithMfa',
        Effect: 'Allow',
        Action: 'iam:DeactivateMFADevice',
        Resource: 'arn:aws:iam::*:user/*',
        Condition: withMfa,
      },
      {
        Sid: 'DeleteVirtualDevicesOnlyWithMfa',
        Effect: 'Allow',
        Action: 'iam:DeleteVirtualMFADevice',
        Resource: 'arn:aws:iam::*:mfa/*',
        Condition: withMfa,
      },
      statement('mfa-reset-bot-policy', 'DenyResetsWithoutMfa'),
      statement('mfa-reset-bot-policy', 'DenyResetOfProtectedUsers'),
    ],
  };
}

/** The reader role's permissions: the runtime identity's IAM reads and cloudtrail:LookupEvents. */
export function readerRolePolicy(): object {
  return { Version: '2012-10-17', Statement: statementsOf('runtime-policy') };
}

export function resetRoleTrust(input: {
  homeAccountId: string;
  externalId: string;
  stepUpUser?: string;
}): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${input.homeAccountId}:user/${input.stepUpUser ?? 'mfa-reset-bot'}` },
        Action: 'sts:AssumeRole',
        Condition: {
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          StringEquals: { 'sts:ExternalId': input.externalId },
        },
      },
    ],
  };
}

export function readerRoleTrust(input: {
  homeAccountId: string;
  externalId: string;
  runtimeRole?: string;
}): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          AWS: `arn:aws:iam::${input.homeAccountId}:role/${input.runtimeRole ?? 'mfa-reset-bot-runtime'}`,
        },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': input.externalId } },
      },
    ],
  };
}

/** Adds both roles to a member account, as the member stack would. */
export function addMemberRoles(
  account: EmulatedAccount,
  input: { homeAccountId: string; externalId: string },
): { reset: EmulatedRole; reader: EmulatedRole } {
  const reset = account.state.roles.add({
    roleName: RESET_ROLE,
    trustPolicy: resetRoleTrust(input),
    policies: { 'mfa-reset-bot-reset': resetRolePolicy() },
  });
  const reader = account.state.roles.add({
    roleName: READER_ROLE,
    trustPolicy: readerRoleTrust(input),
    policies: { 'mfa-reset-bot-reader': readerRolePolicy() },
  });
  return { reset, reader };
}
