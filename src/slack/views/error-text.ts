import {
  codesWhere,
  describeError,
  type ErrorCode,
  inputFieldOf,
  isResetError,
  type ResetError,
} from '../../domain/errors.js';
import { BlockId } from '../ids.js';

/**
 * The one place that turns an error code into what a person reads in Slack (ephemeral replies,
 * message modals, DMs): what went wrong, then what they can do. Never uses the error's own message,
 * which is written for logs and may name internals.
 */
export function errorText(code: ErrorCode, details: ResetError['details'] = {}): string {
  const { what, next } = describeError(code, details);
  return `:warning: ${what} ${next}`;
}

/**
 * The one line that says what is wrong with an audit filter, naming the value (plain text: the
 * caller escapes it for mrkdwn). Other errors get their usual words.
 */
export function describeFilterProblem(error: ResetError): string {
  if (error.code !== 'AUDIT_FILTER_INVALID') {
    const { what, next } = describeError(error.code);
    return `${what} ${next}`;
  }
  const { field, problem, value } = error.details;
  const quoted = `“${String(value ?? '')}”`;
  if (problem === 'too_many')
    return 'Give one filter at most: an IAM user, a member or a request ID, then a number of days.';
  if (problem === 'unknown') {
    return `Unknown filter ${quoted}: give an IAM user name, a @member or a request ID, then optionally a number of days.`;
  }
  switch (field) {
    case 'iamUser':
      return `${quoted} is not an IAM user name (up to 64 letters, digits and +=,.@_-).`;
    case 'member':
      return `${quoted} is not a member: mention them (@name) or pick them, so Slack gives their member ID.`;
    case 'requestId':
      return `${quoted} is not a request ID (the ID shown under each request).`;
    case 'days':
      return `${quoted} is not a period: give a number of days from 1 to 365.`;
    default: {
      const { what, next } = describeError(error.code);
      return `${what} ${next}`;
    }
  }
}

/** Codes that mean "fix this field and submit again", shown under the field in the open modal. */
const fieldCodes = codesWhere((entry) => entry.kind === 'field');

function fieldText(error: ResetError): string {
  if (error.code !== 'INPUT_INVALID') {
    const { what, next } = describeError(error.code, error.details);
    return `${what} ${next}`;
  }
  const { problem, minLength, maxLength, blockId } = error.details;
  if (problem === 'missing')
    return blockId === BlockId.devices ? 'Pick at least one device.' : 'Fill this in.';
  if (problem === 'too_short') return `Write at least ${minLength} characters.`;
  if (problem === 'too_long') return `Write at most ${maxLength} characters.`;
  const { what, next } = describeError('INPUT_INVALID');
  return `${what} ${next}`;
}

/**
 * For a view_submission: `{ [blockId]: text }` to answer with `response_action: 'errors'` when the
 * error is about one input (the modal stays open for another try), or undefined when it is not and
 * the modal should show `errorText` instead.
 */
export function inputErrors(error: unknown): Record<string, string> | undefined {
  if (!isResetError(error) || !fieldCodes.has(error.code)) return undefined;
  const named = error.details.blockId;
  const field = inputFieldOf(error.code);
  const blockId = typeof named === 'string' ? named : field === undefined ? undefined : BlockId[field];
  if (blockId === undefined) return undefined;
  return { [blockId]: fieldText(error) };
}
