import { createHash } from 'node:crypto';
import { parseIamUserRef } from './accounts.js';
import { ResetError } from './errors.js';
import { globToRegExp } from './glob.js';

/**
 * Approval rules per IAM user: what a request for a user needs before it can be approved. The
 * config file's `rules:` are tried in order and the first that matches wins; the global settings
 * (approvers, minApprovals) are the last rule, `default`, which matches everyone. The rule a request
 * was made under, with a digest of its settings, is a fact of its REQUEST_CREATED event: editing
 * the config or the user's tags afterwards cannot lower what the request needs.
 */

/** Who may ask for a reset under a rule: the member themselves, a help-desk member for them, or both. */
export type Requesters = 'self' | 'helpdesk' | 'both';

/**
 * How the person is verified before a reset: not at all; by each approver attesting how they
 * verified them (approve modal); or by a confirmer (e.g. their manager) who confirms the request
 * before approvals open.
 */
export type Verification = 'none' | 'attest' | 'confirm';

/**
 * Who may confirm under `verification: confirm`: the member whose Slack user ID is the value of
 * the IAM user's tag `tag` (e.g. their manager's), else the listed members and user groups.
 * Never the requester nor the member the request is for.
 */
export interface Confirmers {
  readonly tag?: string;
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
}

/** What a rule looks at; every condition it names must hold. */
export interface RuleMatch {
  /** An IAM tag, key compared without case (as IAM does), value exactly. */
  readonly tag?: { readonly key: string; readonly value: string };
  /** The start of the user's IAM path, e.g. `/admins/`. */
  readonly pathPrefix?: string;
  /** An IAM group the user belongs to (name compared without case). */
  readonly group?: string;
  /** A glob (`*`, `?`) of IAM user names, compared without case. */
  readonly userName?: string;
  /** Users with administrator access (AdministratorAccess, or `*` on `*`, their own or a group's). */
  readonly administratorAccess?: true;
}

/** What a request under the rule needs. */
export interface RuleSettings {
  readonly approvers: { readonly users: readonly string[]; readonly userGroups: readonly string[] };
  readonly minApprovals: number;
  readonly requesters: Requesters;
  readonly verification: Verification;
  /** Minutes after the request before anyone may approve it: the real person's time to cancel. */
  readonly waitMinutes: number;
  /** Under `verification: confirm`: who confirms. */
  readonly confirmers?: Confirmers;
}

export interface ApprovalRule extends RuleSettings {
  readonly name: string;
  /** Undefined only for `default`, the last rule, which matches every IAM user. */
  readonly match?: RuleMatch;
  /** A member account's own rule (`accounts[].rules`): it matches that account's users only. */
  readonly account?: string;
}

/** The rule a request was made under, as the request item carries it (its digest is in the chain). */
export interface AppliedRule {
  readonly name: string;
  /** Why it matched, for people: e.g. `tag role=admin`, `path /admins/`. */
  readonly why: readonly string[];
  readonly settings: RuleSettings;
}

export const DEFAULT_RULE_NAME = 'default';

/**
 * What is known of an IAM user to choose its rule. `groups` and `administratorAccess` undefined:
 * not read, or unknown (they come from the user's risk facts, read only when a rule needs them).
 */
export interface RuleSubject {
  readonly userName: string;
  readonly path: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly groups?: readonly string[] | undefined;
  readonly administratorAccess?: boolean | undefined;
}

/** Whether any rule needs facts beyond GetUser's (groups, administrator access): only then are they read. */
export function rulesNeedIamFacts(rules: readonly ApprovalRule[]): boolean {
  return rules.some((rule) => rule.match?.group !== undefined || rule.match?.administratorAccess === true);
}

function unknownFact(subject: RuleSubject, ruleName: string, what: string): ResetError {
  return new ResetError(
    'RULE_FACTS_UNKNOWN',
    `The ${what} of ${subject.userName} could not be read, so the approval rule "${ruleName}" cannot be checked.`,
    { details: { iamUserName: subject.userName, rule: ruleName } },
  );
}

const sameWithoutCase = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The reasons `match` holds for `subject` (one per condition), or undefined when one does not. */
function reasonsItMatches(match: RuleMatch, subject: RuleSubject, ruleName: string): string[] | undefined {
  const reasons: string[] = [];
  if (match.tag !== undefined) {
    const { key, value } = match.tag;
    const found = Object.entries(subject.tags).find(([name]) => sameWithoutCase(name, key));
    if (found?.[1] !== value) return undefined;
    reasons.push(`tag ${key}=${value}`);
  }
  if (match.pathPrefix !== undefined) {
    if (!subject.path.startsWith(match.pathPrefix)) return undefined;
    reasons.push(`path ${match.pathPrefix}`);
  }
  if (match.userName !== undefined) {
    // The name IAM knows the user by, in whichever account (`ACCOUNT_ID:` is the bot's prefix).
    const plainName = parseIamUserRef(subject.userName)?.userName ?? subject.userName;
    if (!globToRegExp(match.userName).test(plainName)) return undefined;
    reasons.push(`user name ${match.userName}`);
  }
  if (match.group !== undefined) {
    // Fail closed: a strict rule is never passed over because its facts could not be read.
    if (subject.groups === undefined) throw unknownFact(subject, ruleName, 'IAM groups');
    const group = match.group;
    if (!subject.groups.some((name) => sameWithoutCase(name, group))) return undefined;
    reasons.push(`group ${group}`);
  }
  if (match.administratorAccess === true) {
    if (subject.administratorAccess === undefined) throw unknownFact(subject, ruleName, 'policies');
    if (!subject.administratorAccess) return undefined;
    reasons.push('administrator access');
  }
  return reasons;
}

/**
 * The first rule that matches the IAM user, else `fallback` (the global settings). Throws
 * RULE_FACTS_UNKNOWN when a rule tried before the match needs a fact that is unknown.
 */
export function ruleFor(
  rules: readonly ApprovalRule[],
  fallback: RuleSettings,
  subject: RuleSubject,
): AppliedRule {
  const account = parseIamUserRef(subject.userName)?.accountId;
  for (const rule of rules) {
    if (rule.match === undefined) continue;
    if (rule.account !== undefined && rule.account !== account) continue;
    const why = reasonsItMatches(rule.match, subject, rule.name);
    if (why === undefined) continue;
    return {
      name: rule.name,
      why: rule.account === undefined ? why : [`account ${rule.account}`, ...why],
      settings: settingsOf(rule),
    };
  }
  return { name: DEFAULT_RULE_NAME, why: ['no other rule matches'], settings: fallback };
}

function settingsOf(rule: RuleSettings): RuleSettings {
  const { approvers, minApprovals, requesters, verification, waitMinutes, confirmers } = rule;
  return {
    approvers,
    minApprovals,
    requesters,
    verification,
    waitMinutes,
    ...(confirmers === undefined ? {} : { confirmers }),
  };
}

/**
 * A digest of a rule's name and settings (SHA-256 over a canonical JSON form): recorded in the
 * request's REQUEST_CREATED event, so that a request item whose rule was edited in the table, or a
 * config whose rule changed since, is noticed before anything is reset.
 */
export function ruleDigest(rule: Pick<AppliedRule, 'name' | 'settings'>): string {
  const { approvers, minApprovals, requesters, verification, waitMinutes, confirmers } = rule.settings;
  const canonical = JSON.stringify([
    rule.name,
    [...approvers.users].sort(),
    [...approvers.userGroups].sort(),
    minApprovals,
    requesters,
    verification,
    waitMinutes,
    // Only with confirmers, so that the digests of rules without them stay as they were.
    ...(confirmers === undefined
      ? []
      : [[confirmers.tag ?? null, [...confirmers.users].sort(), [...confirmers.userGroups].sort()]]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Refuses (REQUESTER_NOT_ALLOWED) a request the rule does not let this requester make. */
export function assertRequesterAllowed(rule: AppliedRule, input: { readonly onBehalf: boolean }): void {
  const { requesters } = rule.settings;
  if (requesters === 'both') return;
  if (requesters === 'self' && !input.onBehalf) return;
  if (requesters === 'helpdesk' && input.onBehalf) return;
  const who = requesters === 'self' ? 'the member themselves' : 'the help desk, for the member';
  throw new ResetError(
    'REQUESTER_NOT_ALLOWED',
    `Under approval rule "${rule.name}", only ${who} may ask for this reset.`,
    { details: { rule: rule.name, requesters } },
  );
}

/** When approvals open for a request made at `createdAt` under `rule` (its waiting period). */
export function approvalsOpenAt(createdAt: Date, rule: AppliedRule): Date {
  return new Date(createdAt.getTime() + rule.settings.waitMinutes * 60_000);
}

/** How an approver verified the person, under `verification: attest`: a fixed list, and a note. */
export const verificationMethods = ['video-call', 'call-back', 'in-person', 'manager'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];

/** The words for each method, as the approve modal offers them and the trail's readers see them. */
export const verificationMethodText: Readonly<Record<VerificationMethod, string>> = {
  'video-call': 'Video call with camera on',
  'call-back': 'Called back on a number on record',
  'in-person': 'In person',
  manager: 'Confirmed by their manager',
};

/** What an approver attests: how they verified that the person asking is who they claim to be. */
export interface Attestation {
  readonly method: VerificationMethod;
  /** What they did, in their words (cleaned of invisible characters, 10–500 characters). */
  readonly note: string;
}

/** The attestation as audit event details: what an auditor reads beside the approval. */
export function attestationDetails(attestation: Attestation | undefined): Record<string, string> {
  if (attestation === undefined) return {};
  return { verifiedBy: attestation.method, verificationNote: attestation.note };
}
