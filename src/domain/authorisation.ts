import { parseIamUserRef } from './accounts.js';
import { ResetError } from './errors.js';
import { globToRegExp } from './glob.js';
import type { ResetRequest } from './request.js';

/**
 * Who may do what. Checked when an approver opens the approval modal and again, right before
 * anything changes, when they submit it.
 */
export interface ApproverFacts {
  readonly approverSlackId: string;
  /** Whether the member is listed in approvers.users or belongs to one of approvers.userGroups. */
  readonly isApprover: boolean;
  /** Whether Slack reports the member's account as deactivated. */
  readonly deactivated?: boolean;
}

/**
 * Nobody decides on a request they made or that is for them (a help-desk request has two such
 * members), nobody who is not an approver, and nobody whose Slack account is deactivated.
 */
export function assertMayDecide(request: ResetRequest, facts: ApproverFacts): void {
  const details = { requestId: request.id, approver: facts.approverSlackId };
  if (facts.deactivated === true) {
    throw new ResetError('APPROVER_DEACTIVATED', 'A deactivated Slack account cannot decide on requests.', {
      details,
    });
  }
  if (facts.approverSlackId === request.requesterSlackId) {
    throw new ResetError('SELF_APPROVAL', 'Approvers cannot decide on their own request.', { details });
  }
  if (facts.approverSlackId === request.target.slackUserId) {
    throw new ResetError('APPROVER_IS_TARGET', 'Approvers cannot approve a reset of their own MFA.', {
      details,
    });
  }
  if (!facts.isApprover) {
    throw new ResetError('NOT_AN_APPROVER', 'Only configured approvers can decide on requests.', { details });
  }
}

/**
 * A request is cancelled by the member who asked for it or the member whose MFA it resets (they
 * differ for a help-desk request); nobody else, approvers included (they deny instead).
 */
export function assertMayCancel(request: ResetRequest, slackUserId: string): void {
  if (slackUserId === request.requesterSlackId || slackUserId === request.target.slackUserId) return;
  throw new ResetError('NOT_YOUR_REQUEST', 'Only the requester or the target member can cancel a request.', {
    details: { requestId: request.id, member: slackUserId },
  });
}

export function assertNotAlreadyApprovedBy(request: ResetRequest, approverSlackId: string): void {
  if (request.approvals.some((a) => a.slackUserId === approverSlackId)) {
    throw new ResetError('ALREADY_APPROVED_BY_YOU', 'This approver has already approved the request.', {
      details: { requestId: request.id, approver: approverSlackId },
    });
  }
}

/**
 * Who may never be reset. Every rule compares without case, as IAM does: user names are unique
 * without regard to case (`Admin-Root` and `admin-root` cannot both exist, so they name one user),
 * and so are the tag keys of an IAM user (`Protected` and `protected` are one tag).
 */
export interface ProtectionRules {
  /** Glob patterns (`*` and `?`) of IAM user names that can never be reset through the bot. */
  readonly users: readonly string[];
  /** IAM tag key: a user carrying it (any value except "false") is protected. */
  readonly tag?: string;
  /** The bot's own IAM user name, always protected (in every account: one name, one rule). */
  readonly botUserName?: string;
  /** A member account's own rules, by account ID, on top of the ones above. */
  readonly accounts?: Readonly<Record<string, Pick<ProtectionRules, 'users' | 'tag'>>>;
}

const equalWithoutCase = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The reason a user is protected, or undefined when the bot may reset them. The user goes by the
 * bot's name for them (`ACCOUNT_ID:name` in a member account); every rule matches the name IAM
 * knows them by, so that `admin-*` protects the admins of every account.
 */
export function protectionReason(
  user: { readonly userName: string; readonly tags: Readonly<Record<string, string>> },
  rules: ProtectionRules,
): string | undefined {
  const ref = parseIamUserRef(user.userName) ?? { userName: user.userName };
  if (rules.botUserName !== undefined && equalWithoutCase(ref.userName, rules.botUserName)) {
    return 'the bot’s own IAM user';
  }
  const own = ref.accountId === undefined ? undefined : rules.accounts?.[ref.accountId];
  for (const [setting, applying] of [
    ['protect', rules],
    [`the account's protect`, own],
  ] as const) {
    if (applying === undefined) continue;
    const pattern = applying.users.find((glob) => globToRegExp(glob).test(ref.userName));
    if (pattern !== undefined) return `matches ${setting}.users pattern "${pattern}"`;
    const { tag } = applying;
    if (tag === undefined) continue;
    const [key, value] = Object.entries(user.tags).find(([name]) => equalWithoutCase(name, tag)) ?? [];
    if (value !== undefined && value.toLowerCase() !== 'false') return `carries the tag ${key}`;
  }
  return undefined;
}

/** Six digits, after removing the spaces and dashes people type between groups ("123 456"). */
export function normaliseTokenCode(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(compact) ? compact : undefined;
}
