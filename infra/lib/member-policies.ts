import { type IamPolicyFile, localiseValue, readIamPolicyFile } from './policies.js';

/**
 * The member accounts' documents of iam/ (member-*-role-trust.json, member-*-role-policy.json), used
 * by the member stack as they are: the file's placeholders and default names replaced, the wildcard
 * account of the permissions pinned to the member account. Nothing else changes, and
 * test/member-stack.test.ts proves it by undoing exactly these replacements. The policy evaluator
 * (test/harness/iam-evaluator.ts) renders them through this same function.
 */

export type MemberPolicyFile = Extract<IamPolicyFile, `member-${string}`>;

/** The member roles' names: fixed, as the home statements and the bot's configuration name them. */
export const memberRoleNames = { reset: 'mfa-reset-bot-reset', reader: 'mfa-reset-bot-reader' } as const;

/** The placeholders and default names the member files are written with. */
export const memberFileNames = {
  homeAccountId: 'HOME_ACCOUNT_ID',
  externalId: 'EXTERNAL_ID',
  stepUpUserName: 'mfa-reset-bot',
  runtimeRoleName: 'mfa-reset-bot-runtime',
  protectedTag: 'mfa-reset-protected',
} as const;

/** What replaces them: CloudFormation parameters in the stack (tokens), plain values in the tests. */
export interface MemberNames {
  readonly partition: string;
  /** The member account the roles are in. */
  readonly account: string;
  readonly homeAccountId: string;
  readonly stepUpUserName: string;
  readonly runtimeRoleName: string;
  readonly externalId: string;
  readonly protectedTag: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const home = `^arn:aws:iam::${memberFileNames.homeAccountId}:`;

function localiseMemberText(text: string, names: MemberNames): string {
  const { partition } = names;
  // The step-up user is named twice: in the reset role's trust, as the home account's user, and in
  // its DenyResetOfTheBotItself, as the user and its devices in the role's own account (which is the
  // home account only if the stack is deployed there by mistake).
  return text
    .replace(
      new RegExp(`${home}user/${escapeRegExp(memberFileNames.stepUpUserName)}$`),
      () => `arn:${partition}:iam::${names.homeAccountId}:user/${names.stepUpUserName}`,
    )
    .replace(
      new RegExp(`${home}role/${escapeRegExp(memberFileNames.runtimeRoleName)}$`),
      () => `arn:${partition}:iam::${names.homeAccountId}:role/${names.runtimeRoleName}`,
    )
    .replace(
      new RegExp(`^arn:aws:iam::\\*:(user|mfa)/${escapeRegExp(memberFileNames.stepUpUserName)}(?=\\*|$)`),
      (_, kind: string) => `arn:${partition}:iam::${names.account}:${kind}/${names.stepUpUserName}`,
    )
    .replace(/^arn:aws:iam::\*:/, () => `arn:${partition}:iam::${names.account}:`)
    .replace(new RegExp(`^${memberFileNames.externalId}$`), () => names.externalId)
    .replace(
      new RegExp(`^aws:ResourceTag/${escapeRegExp(memberFileNames.protectedTag)}$`),
      () => `aws:ResourceTag/${names.protectedTag}`,
    );
}

/** The document of iam/FILE.json for one member account. */
export function memberPolicyDocument(file: MemberPolicyFile, names: MemberNames): Record<string, unknown> {
  return localiseValue(readIamPolicyFile(file), (text) => localiseMemberText(text, names)) as Record<
    string,
    unknown
  >;
}
