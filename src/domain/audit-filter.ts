import { parseIamUserRef } from './accounts.js';
import { ResetError } from './errors.js';

/**
 * What an auditor asks to see: the events about one IAM user, caused by one member, of one
 * request, or all of them, over the last `days` days. Built from the words of `/mfa-reset audit …`
 * or from the filter modal's fields, with the same rules, so both refuse the same input the same way.
 */
export type AuditSubject =
  | { readonly kind: 'all' }
  | { readonly kind: 'iam-user'; readonly iamUserName: string }
  | { readonly kind: 'member'; readonly slackUserId: string }
  | { readonly kind: 'request'; readonly requestId: string };

export interface AuditFilter {
  readonly subject: AuditSubject;
  readonly days: number;
}

export const DEFAULT_AUDIT_DAYS = 30;
export const MAX_AUDIT_DAYS = 365;

/** Which input was wrong and how; `describeFilterProblem` (slack/views) turns it into one line. */
export type AuditFilterField = 'iamUser' | 'member' | 'requestId' | 'days' | 'filter';
export type AuditFilterProblem = 'malformed' | 'unknown' | 'too_many';

/** Request ids are URL-safe (UUIDs by default); at most 128 characters, like the buttons carry. */
const requestIdPattern = /^[\w-]{1,128}$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const slackMemberPattern = /^[UW][A-Z0-9]{2,}$/;
/** How Slack sends a mention in slash-command text when the command escapes: `<@U123|name>`. */
const escapedMention = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/;
const daysPattern = /^(\d{1,4})d?$/i;

function filterInvalid(field: AuditFilterField, problem: AuditFilterProblem, value: string): ResetError {
  return new ResetError('AUDIT_FILTER_INVALID', `Audit filter ${field} is ${problem}.`, {
    details: { field, problem, value: value.slice(0, 80) },
  });
}

function parseDays(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_AUDIT_DAYS;
  const match = daysPattern.exec(raw.trim());
  const days = match === null ? Number.NaN : Number(match[1]);
  if (!Number.isInteger(days) || days < 1 || days > MAX_AUDIT_DAYS)
    throw filterInvalid('days', 'malformed', raw);
  return days;
}

/** The filter modal's fields, each optional; at most one of IAM user, member and request ID. */
export interface AuditFilterFields {
  readonly iamUser?: string;
  readonly member?: string;
  readonly requestId?: string;
  readonly days?: string;
}

export function auditFilterFromFields(fields: AuditFilterFields): AuditFilter {
  const iamUser = fields.iamUser?.trim() || undefined;
  const member = fields.member?.trim() || undefined;
  const requestId = fields.requestId?.trim() || undefined;
  const given = [iamUser, member, requestId].filter((value) => value !== undefined);
  if (given.length > 1) throw filterInvalid('filter', 'too_many', given.join(' '));
  const days = parseDays(fields.days);
  if (iamUser !== undefined) {
    if (parseIamUserRef(iamUser) === undefined) throw filterInvalid('iamUser', 'malformed', iamUser);
    return { subject: { kind: 'iam-user', iamUserName: iamUser }, days };
  }
  if (member !== undefined) {
    if (!slackMemberPattern.test(member)) throw filterInvalid('member', 'malformed', member);
    return { subject: { kind: 'member', slackUserId: member }, days };
  }
  if (requestId !== undefined) {
    if (!requestIdPattern.test(requestId)) throw filterInvalid('requestId', 'malformed', requestId);
    return { subject: { kind: 'request', requestId }, days };
  }
  return { subject: { kind: 'all' }, days };
}

/** One word of `/mfa-reset audit WORD [DAYS]`: a mention, a request ID (a UUID) or an IAM user name. */
function subjectOfWord(word: string): AuditSubject {
  const mention = escapedMention.exec(word);
  if (mention !== null) return { kind: 'member', slackUserId: mention[1]! };
  // An unescaped "@name" carries no member ID; Slack only sends the ID for a real mention.
  if (word.startsWith('@') || word.startsWith('<@')) throw filterInvalid('member', 'malformed', word);
  if (uuidPattern.test(word)) return { kind: 'request', requestId: word };
  // `name`, or `ACCOUNT_ID:name` for a user of a member account.
  if (parseIamUserRef(word) !== undefined) return { kind: 'iam-user', iamUserName: word };
  throw filterInvalid('filter', 'unknown', word);
}

/**
 * The words after `audit`: none (everything, 30 days), `DAYS`, `SUBJECT` or `SUBJECT DAYS`.
 * A lone number is a period, not an IAM user, so `/mfa-reset audit 7` means the last week.
 */
export function auditFilterFromWords(words: readonly string[]): AuditFilter {
  if (words.length > 2) throw filterInvalid('filter', 'too_many', words.slice(2).join(' '));
  const [first, second] = words;
  if (first === undefined) return { subject: { kind: 'all' }, days: DEFAULT_AUDIT_DAYS };
  if (second === undefined && /^\d+d?$/i.test(first))
    return { subject: { kind: 'all' }, days: parseDays(first) };
  return { subject: subjectOfWord(first), days: parseDays(second) };
}

/** A short, stable description of a filter: for the modal header, the audit event and file names. */
export function describeAuditSubject(subject: AuditSubject): string {
  switch (subject.kind) {
    case 'all':
      return 'all events';
    case 'iam-user':
      return `IAM user ${subject.iamUserName}`;
    case 'member':
      return `member ${subject.slackUserId}`;
    case 'request':
      return `request ${subject.requestId}`;
  }
}

/** What the subject names (an IAM user, a member, a request), or undefined for the whole trail. */
export function auditSubjectValue(subject: AuditSubject): string | undefined {
  switch (subject.kind) {
    case 'iam-user':
      return subject.iamUserName;
    case 'member':
      return subject.slackUserId;
    case 'request':
      return subject.requestId;
    case 'all':
      return undefined;
  }
}

/** The filter as flat, non-secret facts for an audit event's `details`. */
export function auditFilterDetails(filter: AuditFilter): Record<string, string | number> {
  const value = auditSubjectValue(filter.subject);
  return {
    filter: filter.subject.kind,
    ...(value === undefined ? {} : { filterValue: value }),
    days: filter.days,
  };
}
