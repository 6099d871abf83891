import { type MemberAccount, parseIamUserRef } from '../../domain/accounts.js';

/**
 * A member account for people, unescaped: `legacy-prod (111122223333)`. The name comes from the
 * config file; an account no longer listed shows its ID alone.
 */
export function accountText(
  accountId: string,
  accounts: readonly Pick<MemberAccount, 'id' | 'name'>[],
): string {
  const name = accounts.find((account) => account.id === accountId)?.name;
  return `${name === undefined ? '' : `${name} `}(${accountId})`;
}

/** Where an IAM user lives, for people: `mallory`, or `mallory in legacy-prod (111122223333)`. */
export function iamUserWithAccount(
  iamUserName: string,
  accounts: readonly Pick<MemberAccount, 'id' | 'name'>[],
): string {
  const ref = parseIamUserRef(iamUserName);
  if (ref?.accountId === undefined) return iamUserName;
  return `${ref.userName} in ${accountText(ref.accountId, accounts)}`;
}
