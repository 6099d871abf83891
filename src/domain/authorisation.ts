import { ResetError } from './errors.js';
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

export interface ProtectionRules {
  /** Glob patterns (`*` and `?`) of IAM user names that can never be reset through the bot. */
  readonly users: readonly string[];
  /** IAM tag key: a user carrying it (any value except "false") is protected. */
  readonly tag?: string;
  /** The bot's own IAM user name, always protected. */
  readonly botUserName?: string;
}

export function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/** The reason a user is protected, or undefined when the bot may reset them. */
export function protectionReason(
  user: { readonly userName: string; readonly tags: Readonly<Record<string, string>> },
  rules: ProtectionRules,
): string | undefined {
  if (rules.botUserName !== undefined && user.userName === rules.botUserName) return 'the bot’s own IAM user';
  const pattern = rules.users.find((glob) => globToRegExp(glob).test(user.userName));
  if (pattern !== undefined) return `matches protect.users pattern "${pattern}"`;
  if (rules.tag !== undefined) {
    const value = user.tags[rules.tag];
    if (value !== undefined && value.toLowerCase() !== 'false') return `carries the tag ${rules.tag}`;
  }
  return undefined;
}

/** Six digits, after removing the spaces and dashes people type between groups ("123 456"). */
export function normaliseTokenCode(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(compact) ? compact : undefined;
}
