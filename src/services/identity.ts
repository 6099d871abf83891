import { ResetError } from '../domain/errors.js';
import { iamUserNameFromEmail, type MappingRule } from '../domain/mapping.js';
import { type ProtectionRules, protectionReason } from '../domain/policy.js';
import type { Directory, Iam, IamUser } from './ports.js';

export interface IdentityDeps {
  readonly iam: Iam;
  readonly directory: Directory;
  readonly mapping: readonly MappingRule[];
  readonly protect: ProtectionRules;
}

/**
 * Maps a Slack member to their IAM user: the first rule that yields a name wins, and that name
 * must exist in IAM and must not be protected.
 * Throws MEMBER_NOT_MAPPED, IAM_USER_NOT_FOUND or USER_PROTECTED (with the user name in details).
 */
export async function resolveIamUser(deps: IdentityDeps, slackUserId: string): Promise<IamUser> {
  let email: string | undefined;
  let emailLoaded = false;
  for (const rule of deps.mapping) {
    let user: IamUser | undefined;
    let userName: string | undefined;
    if ('static' in rule) {
      userName = rule.static[slackUserId];
    } else if ('email' in rule) {
      if (!emailLoaded) {
        email = await deps.directory.profileEmail(slackUserId);
        emailLoaded = true;
      }
      userName = email === undefined ? undefined : iamUserNameFromEmail(rule.email, email);
    } else {
      user = await deps.iam.findUserByTag(rule.tag.key, slackUserId);
      if (user === undefined) continue;
    }
    if (user === undefined) {
      if (userName === undefined) continue;
      user = await deps.iam.getUser(userName);
      if (user === undefined) {
        throw new ResetError('IAM_USER_NOT_FOUND', `IAM user ${userName} does not exist.`, {
          details: { slackUserId, iamUserName: userName },
        });
      }
    }
    const protection = protectionReason(user, deps.protect);
    if (protection !== undefined) {
      throw new ResetError('USER_PROTECTED', `IAM user ${user.userName} is protected: ${protection}.`, {
        details: { slackUserId, iamUserName: user.userName, protection },
      });
    }
    return user;
  }
  throw new ResetError('MEMBER_NOT_MAPPED', `Slack member ${slackUserId} is not mapped to an IAM user.`, {
    details: { slackUserId },
  });
}
