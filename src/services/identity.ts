import { type MemberAccount, parseIamUserRef, qualifiedIamUserName } from '../domain/accounts.js';
import { type ProtectionRules, protectionReason } from '../domain/authorisation.js';
import { ResetError } from '../domain/errors.js';
import {
  iamUserNameFromEmail,
  type MappingRule,
  sameIamUserName,
  staticOwnerOtherThan,
} from '../domain/mapping.js';
import type { Directory, Iam, IamUser, ProfileEmail } from './ports.js';

export interface IdentityDeps {
  readonly iam: Iam;
  readonly directory: Directory;
  readonly mapping: readonly MappingRule[];
  readonly protect: ProtectionRules;
  readonly accounts: readonly MemberAccount[];
}

/**
 * What the first mapping rule that says anything about a member says: a static entry names one
 * user (in the account it names); an e-mail gives a name, looked up in every account; the tag
 * rule gives the users carrying the member's ID in every account.
 */
type RuleAnswer =
  | { readonly rule: 'static' | 'email'; readonly userName: string }
  | { readonly rule: 'tag'; readonly tagKey: string; readonly users: readonly IamUser[] };

interface Lookup {
  readonly answer?: RuleAnswer;
  /** The member has an e-mail that an `email` rule would have used, but Slack has not confirmed it. */
  readonly emailNotConfirmed: boolean;
}

/** The bot's account first, then the member accounts in the order of the config file. */
function accountIdsOf(deps: IdentityDeps): ReadonlyArray<string | undefined> {
  return [undefined, ...deps.accounts.map((account) => account.id)];
}

/**
 * Tries the rules in order and stops at the first that yields something. An `email` rule uses
 * only an address Slack reports as confirmed: an unconfirmed one could be anybody's. A `tag` rule
 * yields every IAM user carrying the member's ID, so that two of them are refused, not chosen from.
 */
async function firstAnswer(deps: IdentityDeps, slackUserId: string): Promise<Lookup> {
  let profile: ProfileEmail | undefined;
  let profileLoaded = false;
  let emailNotConfirmed = false;
  for (const rule of deps.mapping) {
    if ('static' in rule) {
      const userName = rule.static[slackUserId];
      if (userName !== undefined) return { answer: { rule: 'static', userName }, emailNotConfirmed };
    } else if ('email' in rule) {
      if (!profileLoaded) {
        profile = await deps.directory.profileEmail(slackUserId);
        profileLoaded = true;
      }
      if (profile === undefined) continue;
      const userName = iamUserNameFromEmail(rule.email, profile.address);
      if (userName === undefined) continue;
      if (!profile.confirmed) {
        emailNotConfirmed = true;
        continue;
      }
      return { answer: { rule: 'email', userName }, emailNotConfirmed };
    } else {
      const users = await deps.iam.findUsersByTag(rule.tag.key, slackUserId);
      if (users.length > 0)
        return { answer: { rule: 'tag', tagKey: rule.tag.key, users }, emailNotConfirmed };
    }
  }
  return { emailNotConfirmed };
}

/** Two users carrying the member's tag in one account: refused, never chosen from. */
function refuseAmbiguousTag(answer: RuleAnswer, slackUserId: string): void {
  if (answer.rule !== 'tag') return;
  const byAccount = new Map<string, string[]>();
  for (const user of answer.users) {
    const account = parseIamUserRef(user.userName)?.accountId ?? '';
    byAccount.set(account, [...(byAccount.get(account) ?? []), user.userName]);
  }
  const names = [...byAccount.values()].find((inOne) => inOne.length > 1);
  if (names === undefined) return;
  throw new ResetError(
    'MAPPING_AMBIGUOUS',
    `IAM users ${names.join(', ')} all carry the tag ${answer.tagKey}=${slackUserId}.`,
    { details: { slackUserId, tagKey: answer.tagKey, iamUserNames: names.join(',') } },
  );
}

/** A user that a static rule gives to another member is not this member's, whatever a later rule says. */
function refuseStaticConflict(
  deps: IdentityDeps,
  answer: RuleAnswer,
  slackUserId: string,
  name: string,
): void {
  if (answer.rule === 'static') return;
  const owner = staticOwnerOtherThan(deps.mapping, name, slackUserId);
  if (owner === undefined) return;
  throw new ResetError(
    'MAPPING_CONFLICT',
    `The ${answer.rule} mapping gives ${slackUserId} the IAM user ${name}, which the static mapping gives to ${owner}.`,
    { details: { slackUserId, iamUserName: name, rule: answer.rule, staticOwner: owner } },
  );
}

/** The names the answer may mean: the static entry, the e-mail's name in every account, the tagged users. */
function candidateNames(deps: IdentityDeps, answer: RuleAnswer): string[] {
  if (answer.rule === 'tag') return answer.users.map((user) => user.userName);
  if (answer.rule === 'static') return [answer.userName];
  return accountIdsOf(deps).map((accountId) => qualifiedIamUserName(accountId, answer.userName));
}

/**
 * The users the answer names that exist: the static entry's user, the e-mail's name in every
 * account where it exists, the tagged users. None is IAM_USER_NOT_FOUND.
 */
async function existingUsers(
  deps: IdentityDeps,
  answer: RuleAnswer,
  slackUserId: string,
): Promise<IamUser[]> {
  if (answer.rule === 'tag') return [...answer.users];
  const found = await Promise.all(candidateNames(deps, answer).map((name) => deps.iam.getUser(name)));
  const users = found.filter((user): user is IamUser => user !== undefined);
  if (users.length === 0) {
    throw new ResetError('IAM_USER_NOT_FOUND', `IAM user ${answer.userName} does not exist.`, {
      details: { slackUserId, iamUserName: answer.userName },
    });
  }
  return users;
}

/**
 * Maps a Slack member to their IAM users, one per account at most: the first rule that yields
 * something wins; its users must exist, not be given to another member by a static rule, and not
 * be protected (protected ones are left out; all protected is USER_PROTECTED). Throws
 * MEMBER_NOT_MAPPED, MAPPING_AMBIGUOUS, MAPPING_CONFLICT, IAM_USER_NOT_FOUND or USER_PROTECTED
 * (with the user name in details where there is one).
 */
export async function resolveIamUsers(deps: IdentityDeps, slackUserId: string): Promise<IamUser[]> {
  const { answer, emailNotConfirmed } = await firstAnswer(deps, slackUserId);
  if (answer === undefined) {
    throw new ResetError('MEMBER_NOT_MAPPED', `Slack member ${slackUserId} is not mapped to an IAM user.`, {
      details: { slackUserId, ...(emailNotConfirmed ? { emailNotConfirmed } : {}) },
    });
  }
  refuseAmbiguousTag(answer, slackUserId);
  // Before any look-up: a user the static rule gives to someone else is refused, not looked for.
  for (const name of candidateNames(deps, answer)) refuseStaticConflict(deps, answer, slackUserId, name);
  const users = await existingUsers(deps, answer, slackUserId);
  const protections = users.map((user) => protectionReason(user, deps.protect));
  const resettable = users.filter((_, index) => protections[index] === undefined);
  if (resettable.length === 0) {
    const [user, protection] = [users[0]!, protections[0]!];
    throw new ResetError('USER_PROTECTED', `IAM user ${user.userName} is protected: ${protection}.`, {
      details: { slackUserId, iamUserName: user.userName, protection },
    });
  }
  return resettable;
}

/**
 * The member's IAM user: `chosen`, when the rules still give it (the account picked in the form,
 * or the user a request was made for), else the first the rules give, for the caller to compare.
 */
export async function resolveIamUser(
  deps: IdentityDeps,
  slackUserId: string,
  chosen?: string,
): Promise<IamUser> {
  const users = await resolveIamUsers(deps, slackUserId);
  return users.find((user) => chosen !== undefined && sameIamUserName(user.userName, chosen)) ?? users[0]!;
}

/**
 * Every IAM user name the mapping rules could mean for this member, in every account, before any
 * existence, conflict or protection check: each static entry the rules give them (one per static
 * rule, in whichever account it names), else what the first e-mail or tag rule that says anything
 * yields (the e-mail's name in each account, the users carrying their tag in any account). Empty
 * when no rule maps them. No IAM call for static and e-mail rules; the tag rule uses the adapter's
 * shared reading of each account. For judging whether an approver is the target: the same
 * person's users in two accounts are both theirs.
 */
export async function iamUserNamesOf(deps: IdentityDeps, slackUserId: string): Promise<readonly string[]> {
  const statics = deps.mapping.flatMap((rule) =>
    'static' in rule && rule.static[slackUserId] !== undefined ? [rule.static[slackUserId]!] : [],
  );
  if (statics.length > 0) return statics;
  const { answer } = await firstAnswer(deps, slackUserId);
  if (answer === undefined) return [];
  return candidateNames(deps, answer);
}

/**
 * The user the form is for: the one named (picked from the member's accounts), which must be one
 * of theirs; else their only one; undefined when they have several and must pick.
 */
export function chosenIamUser(users: readonly IamUser[], named: string | undefined): IamUser | undefined {
  if (named === undefined) return users.length === 1 ? users[0] : undefined;
  const user = users.find((candidate) => sameIamUserName(candidate.userName, named));
  if (user === undefined && users.length > 1) {
    throw new ResetError('INPUT_INVALID', `IAM user ${named} is not one of the member's.`, {
      details: { iamUserName: named },
    });
  }
  // One user: a form opened for another is refused on submit as the mapping having changed.
  return user ?? users[0];
}
