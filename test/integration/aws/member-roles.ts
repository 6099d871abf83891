import {
  type MemberNames,
  memberFileNames,
  memberPolicyDocument,
  memberRoleNames,
} from '../../../infra/lib/member-policies.js';
import type { EmulatedAccount, EmulatedRole } from '../../../sandbox/iam-sts-emulator/index.js';

/**
 * The member accounts' roles for the emulator, from their one source: the documents of iam/
 * (member-reset-role-*.json, member-reader-role-*.json) rendered as the member stack renders them
 * (infra/lib/member-policies.ts). The reset role trusts the home account's step-up user with MFA
 * and the account's external ID; the reader role trusts the runtime role with the external ID.
 */
export const RESET_ROLE = memberRoleNames.reset;
export const READER_ROLE = memberRoleNames.reader;

function names(input: {
  account?: string;
  homeAccountId?: string;
  externalId?: string;
  stepUpUser?: string;
  runtimeRole?: string;
}): MemberNames {
  return {
    partition: 'aws',
    // `*` keeps the files' wildcard account: a document for any member account.
    account: input.account ?? '*',
    homeAccountId: input.homeAccountId ?? memberFileNames.homeAccountId,
    externalId: input.externalId ?? memberFileNames.externalId,
    stepUpUserName: input.stepUpUser ?? memberFileNames.stepUpUserName,
    runtimeRoleName: input.runtimeRole ?? memberFileNames.runtimeRoleName,
    protectedTag: memberFileNames.protectedTag,
  };
}

/** The reset role's permissions: list devices; deactivate and delete only with MFA; the bot's denies. */
export function resetRolePolicy(account?: string): object {
  return memberPolicyDocument(
    'member-reset-role-policy',
    names({ ...(account === undefined ? {} : { account }) }),
  );
}

/** The reader role's permissions: the runtime identity's IAM reads and cloudtrail:LookupEvents. */
export function readerRolePolicy(account?: string): object {
  return memberPolicyDocument(
    'member-reader-role-policy',
    names({ ...(account === undefined ? {} : { account }) }),
  );
}

export function resetRoleTrust(input: {
  homeAccountId: string;
  externalId: string;
  stepUpUser?: string;
}): object {
  return memberPolicyDocument('member-reset-role-trust', names(input));
}

export function readerRoleTrust(input: {
  homeAccountId: string;
  externalId: string;
  runtimeRole?: string;
}): object {
  return memberPolicyDocument('member-reader-role-trust', names(input));
}

/** Adds both roles to a member account, as the member stack would. */
export function addMemberRoles(
  account: EmulatedAccount,
  input: { homeAccountId: string; externalId: string },
): { reset: EmulatedRole; reader: EmulatedRole } {
  const reset = account.state.roles.add({
    roleName: RESET_ROLE,
    trustPolicy: resetRoleTrust(input),
    policies: { [RESET_ROLE]: resetRolePolicy(account.accountId) },
  });
  const reader = account.state.roles.add({
    roleName: READER_ROLE,
    trustPolicy: readerRoleTrust(input),
    policies: { [READER_ROLE]: readerRolePolicy(account.accountId) },
  });
  return { reset, reader };
}
