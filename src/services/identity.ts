import { type ProtectionRules, protectionReason } from '../domain/authorisation.js';
import { ResetError } from '../domain/errors.js';
import { iamUserNameFromEmail, type MappingRule, staticOwnerOtherThan } from '../domain/mapping.js';
import type { Directory, Iam, IamUser, ProfileEmail } from './ports.js';

export interface IdentityDeps {
  readonly iam: Iam;
  readonly directory: Directory;
  readonly mapping: readonly MappingRule[];
  readonly protect: ProtectionRules;
}

/** What the first mapping rule that says anything about a member says. */
type RuleAnswer =
  | { readonly rule: 'static' | 'email'; readonly userName: string }
  | { readonly rule: 'tag'; readonly tagKey: string; readonly users: readonly IamUser[] };

interface Lookup {
  readonly answer?: RuleAnswer;
  /** The member has an e-mail that an `email` rule would have used, but Slack has not confirmed it. */
  readonly emailNotConfirmed: boolean;
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

function refuseAmbiguousTag(answer: RuleAnswer, slackUserId: string): void {
  if (answer.rule !== 'tag' || answer.users.length < 2) return;
  const names = answer.users.map((user) => user.userName);
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

async function existingUser(deps: IdentityDeps, answer: RuleAnswer, slackUserId: string): Promise<IamUser> {
  if (answer.rule === 'tag') return answer.users[0]!;
  const user = await deps.iam.getUser(answer.userName);
  if (user === undefined) {
    throw new ResetError('IAM_USER_NOT_FOUND', `IAM user ${answer.userName} does not exist.`, {
      details: { slackUserId, iamUserName: answer.userName },
    });
  }
  return user;
}

/**
 * Maps a Slack member to their IAM user: the first rule that yields something wins; it must yield
 * one IAM user, not one that a static rule gives to another member, that exists and is not
 * protected. Throws MEMBER_NOT_MAPPED, MAPPING_AMBIGUOUS, MAPPING_CONFLICT, IAM_USER_NOT_FOUND or
 * USER_PROTECTED (with the user name in details where there is one).
 */
export async function resolveIamUser(deps: IdentityDeps, slackUserId: string): Promise<IamUser> {
  const { answer, emailNotConfirmed } = await firstAnswer(deps, slackUserId);
  if (answer === undefined) {
    throw new ResetError('MEMBER_NOT_MAPPED', `Slack member ${slackUserId} is not mapped to an IAM user.`, {
      details: { slackUserId, ...(emailNotConfirmed ? { emailNotConfirmed } : {}) },
    });
  }
  refuseAmbiguousTag(answer, slackUserId);
  const name = answer.rule === 'tag' ? answer.users[0]!.userName : answer.userName;
  refuseStaticConflict(deps, answer, slackUserId, name);
  const user = await existingUser(deps, answer, slackUserId);
  const protection = protectionReason(user, deps.protect);
  if (protection !== undefined) {
    throw new ResetError('USER_PROTECTED', `IAM user ${user.userName} is protected: ${protection}.`, {
      details: { slackUserId, iamUserName: user.userName, protection },
    });
  }
  return user;
}

/**
 * Every IAM user name the mapping rules could mean for this member: what the first rule that says
 * anything yields (all of the users carrying their tag, if several), before any existence,
 * conflict or protection check. Empty when no rule maps them. No IAM call for static and e-mail
 * rules; the tag rule uses the adapter's shared reading of the account.
 */
export async function iamUserNamesOf(deps: IdentityDeps, slackUserId: string): Promise<readonly string[]> {
  const { answer } = await firstAnswer(deps, slackUserId);
  if (answer === undefined) return [];
  return answer.rule === 'tag' ? answer.users.map((user) => user.userName) : [answer.userName];
}
