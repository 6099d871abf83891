import { ResetError } from './errors.js';
import { iamUserNamePattern } from './mapping.js';

/**
 * The AWS accounts the bot resets in: its own (the home account, where its table and its step-up
 * user live, implicit) and the member accounts the config file lists. In a member account the bot
 * reads through a reader role (assumed by the runtime identity) and resets through a reset role
 * assumed with the approver's MFA-backed session: a leaked key reaches neither without a code.
 */
export interface MemberAccount {
  /** The 12-digit account ID. */
  readonly id: string;
  /** The name people read, e.g. `legacy-prod`. */
  readonly name: string;
  /** The external ID both roles' trust policies require (against the confused deputy). */
  readonly externalId: string;
  /** The role the bot resets with: its trust requires the step-up user, MFA and the external ID. */
  readonly resetRoleArn: string;
  /** The role the bot reads with: its trust requires the runtime identity and the external ID. */
  readonly readRoleArn: string;
}

/** A member account as people read it: its ID and the name the config file gives it. */
export interface TargetAccount {
  readonly id: string;
  readonly name: string;
}

export const accountIdPattern = /^\d{12}$/;

/** `ACCOUNT_ID:iamUser`: a static mapping entry for a user of a member account. */
const qualifiedUserPattern = /^(\d{12}):(.+)$/;

/** An IAM user named by a static mapping entry: `alice` (home account) or `111122223333:alice`. */
export interface IamUserRef {
  readonly accountId?: string;
  readonly userName: string;
}

/** Splits a static mapping entry; undefined when it is neither form. */
export function parseIamUserRef(text: string): IamUserRef | undefined {
  const qualified = qualifiedUserPattern.exec(text);
  const [accountId, userName] = qualified === null ? [undefined, text] : [qualified[1], qualified[2]!];
  if (!iamUserNamePattern.test(userName)) return undefined;
  return accountId === undefined ? { userName } : { accountId, userName };
}

/** The account of an IAM ARN (a role's, an MFA device's: `arn:aws:iam::ACCOUNT:…`); undefined for anything else. */
export function accountIdOfArn(arn: string | undefined): string | undefined {
  return /^arn:aws[\w-]*:iam::(\d{12}):/.exec(arn ?? '')?.[1];
}

/** The bot's own account: that of the first IAM ARN among its MFA devices (hardware serials have none). */
export function homeAccountOf(mfaSerials: readonly (string | undefined)[]): string | undefined {
  return mfaSerials.map(accountIdOfArn).find((accountId) => accountId !== undefined);
}

/** The name the bot knows a user by: plain in the home account, `ACCOUNT_ID:name` in a member account. */
export function qualifiedIamUserName(accountId: string | undefined, userName: string): string {
  return accountId === undefined ? userName : `${accountId}:${userName}`;
}

/** A user of a member account that the config file no longer lists: CONFIG_INVALID, naming both. */
export function unlistedAccountError(iamUserName: string, accountId: string): ResetError {
  return new ResetError(
    'CONFIG_INVALID',
    `IAM user ${iamUserName} is in account ${accountId}, which accounts in the config file no longer lists.`,
    { details: { accountId } },
  );
}

/**
 * The session name of a reset in a member account: CloudTrail there names the request through it
 * (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/mfa-reset-REQUEST`). At most 64 characters of `[\w+=,.@-]`.
 */
export function resetSessionName(requestId: string): string {
  return `mfa-reset-${requestId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/**
 * A member account for people, unescaped: `legacy-prod (111122223333)`. The name comes from the
 * config file; an account no longer listed shows its ID alone.
 */
export function accountText(accountId: string, accounts: readonly TargetAccount[]): string {
  const name = accounts.find((account) => account.id === accountId)?.name;
  return `${name === undefined ? '' : `${name} `}(${accountId})`;
}

/** Where an IAM user lives, for people: `mallory`, or `mallory in legacy-prod (111122223333)`. */
export function iamUserWithAccount(iamUserName: string, accounts: readonly TargetAccount[]): string {
  const ref = parseIamUserRef(iamUserName);
  if (ref?.accountId === undefined) return iamUserName;
  return `${ref.userName} in ${accountText(ref.accountId, accounts)}`;
}
