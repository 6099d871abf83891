import { cliCommand } from './cli-command.js';

/**
 * The catalogue of error codes: for each, what kind of failure it is and its words for the person
 * who meets it (what went wrong, then what they can do). Lists of codes elsewhere are derived from
 * it (`codesWhere` in errors.ts), so that a new code is classified in one place.
 *
 * - `refusal`: an answer to the person, not a fault of the bot (not mapped, not an approver, a
 *   request already handled, …): logged at info, shown in words, audited where it concerns a request.
 * - `field`: something wrong with one input of an open form: shown beside that input, so that the
 *   person can fix it and submit again.
 * - `fault`: the bot, its configuration or a service it needs failed: logged at error.
 */
export type ErrorKind = 'refusal' | 'field' | 'fault';

/** The form inputs a `field` error can belong to when it does not name its block itself. */
export type InputField = 'tokenCode' | 'attestation';

/** Facts of an error that its words may name (never token codes or credentials). */
export type ErrorDetails = Readonly<Record<string, string | number | boolean>>;

export interface CatalogueEntry {
  readonly kind: ErrorKind;
  /** For `field` errors: the input it belongs beside, unless the error names its block in details. */
  readonly field?: InputField;
  /**
   * Why a member cannot have a request at all (their mapping, their IAM user, the guards across
   * requests): audited as REQUEST_REFUSED when the form opens or is submitted.
   */
  readonly refusesRequest?: true;
  /**
   * AWS (STS) judged the approver's MFA code and found it wrong: unlike every other failure of a
   * step-up, the code counts against the request's attempts and the device's lockout.
   */
  readonly codeRejected?: true;
  /** What went wrong, in words for the person who met it. */
  readonly what: string;
  /** What they can do about it; may name a fact of the error (when to try again). */
  readonly next: string | ((details: ErrorDetails) => string);
}

/** An ISO-8601 time as people read it in any time zone: `2026-05-01 10:42 UTC`. */
export function utcMinute(iso: string): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) return iso;
  // Rounded up, so that "after 10:42" is never a minute too early.
  const minute = new Date(Math.ceil(millis / 60_000) * 60_000).toISOString();
  return `${minute.slice(0, 10)} ${minute.slice(11, 16)} UTC`;
}

/** Every code with its kind and words. */
export const errorCatalogue = {
  CONFIG_INVALID: {
    kind: 'fault',
    what: 'The bot is misconfigured.',
    next: 'Ask the team that runs the bot to check its configuration.',
  },
  INPUT_INVALID: { kind: 'field', what: 'That input is not valid.', next: 'Check it and try again.' },
  MEMBER_NOT_MAPPED: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'Your Slack account is not linked to an AWS IAM user.',
    next: 'Ask your AWS administrators to add you to the bot’s user mapping.',
  },
  IAM_USER_NOT_FOUND: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'Your Slack account maps to an IAM user that does not exist.',
    next: 'Ask your AWS administrators to check the bot’s user mapping.',
  },
  MAPPING_CONFLICT: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'Your Slack account maps to an IAM user that the bot’s mapping gives to another Slack member.',
    next: 'Ask your AWS administrators to fix the bot’s user mapping so that each IAM user belongs to one member.',
  },
  MAPPING_AMBIGUOUS: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'More than one IAM user carries your Slack user ID, so the bot cannot tell which one is yours.',
    next: 'Ask your AWS administrators to leave that tag on your own IAM user only.',
  },
  USER_PROTECTED: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'This IAM user is protected: its MFA cannot be reset through the bot.',
    next: 'Ask your AWS administrators to reset it by hand, following your break-glass procedure.',
  },
  NO_MFA_DEVICES: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'Your IAM user has no MFA devices, so there is nothing to reset.',
    next: 'Sign in to the AWS console with your password and enrol a new MFA device.',
  },
  DEVICE_NOT_ON_USER: {
    kind: 'refusal',
    what: 'A selected MFA device is no longer attached to the IAM user.',
    next: 'Run /mfa-reset again to see the current devices.',
  },
  REQUEST_NOT_FOUND: {
    kind: 'refusal',
    what: 'That reset request does not exist.',
    next: 'Run /mfa-reset to start a new one.',
  },
  REQUEST_ALREADY_HANDLED: {
    kind: 'refusal',
    what: 'This request has already been handled.',
    next: 'Nothing to do: see the request message for its outcome.',
  },
  REQUEST_EXPIRED: {
    kind: 'refusal',
    what: 'This request has expired.',
    next: 'The requester can run /mfa-reset again to make a new one.',
  },
  REQUEST_ALREADY_OPEN: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'This IAM user already has an open MFA reset request.',
    next: 'Wait until the approvers decide on it or it expires, then run /mfa-reset again.',
  },
  DAILY_RESET_LIMIT: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'The MFA of this IAM user has been reset as often as allowed in the last 24 hours.',
    next: 'Try again tomorrow, or ask your AWS administrators for help.',
  },
  REQUEST_TAMPERED: {
    kind: 'fault',
    what: 'This request was changed in the bot’s database after it was made, so it was closed and nothing was reset.',
    next: 'Tell the team that runs the bot (treat it as a security incident); the requester can run /mfa-reset again.',
  },
  SUBMISSION_REPLAYED: {
    kind: 'refusal',
    what: 'This form was already received with exactly these values, so it was not acted on again.',
    next: 'If your code was refused, wait for the next code on your device and enter that one.',
  },
  NOT_AN_APPROVER: {
    kind: 'refusal',
    what: 'You are not an approver of this request (an approval rule may name its own approvers).',
    next: 'Ask one of its approvers to handle it.',
  },
  SELF_APPROVAL: {
    kind: 'refusal',
    what: 'You cannot decide on your own request.',
    next: 'Another approver has to handle it.',
  },
  APPROVER_IS_TARGET: {
    kind: 'refusal',
    what: 'You cannot approve a reset of your own MFA: this request is for the IAM user the bot maps you to.',
    next: 'Another approver has to handle it.',
  },
  ALREADY_APPROVED_BY_YOU: {
    kind: 'refusal',
    what: 'You have already approved this request.',
    next: 'It needs an approval from someone else too.',
  },
  NO_APPROVER_MFA_DEVICE: {
    kind: 'fault',
    what: 'No MFA device of the bot is assigned to you.',
    next: 'Ask the team that runs the bot to add your device under approvers.mfaDevices.',
  },
  TOKEN_CODE_FORMAT: {
    kind: 'field',
    field: 'tokenCode',
    what: 'Enter the 6-digit code shown by your MFA device.',
    next: 'Try again.',
  },
  TOKEN_CODE_REJECTED: {
    kind: 'field',
    field: 'tokenCode',
    codeRejected: true,
    what: 'AWS rejected that MFA code.',
    next: 'Wait for the next code on your device and enter it.',
  },
  TOKEN_ATTEMPTS_EXHAUSTED: {
    kind: 'refusal',
    what: 'Too many wrong MFA codes were entered for this request, so it takes no more (a pending request closes as failed).',
    next: 'The requester can run /mfa-reset again to make a new request. For an unfinished reset, delete the left-over device by hand, as docs/operations.md says.',
  },
  APPROVER_DEVICE_LOCKED: {
    kind: 'refusal',
    what: 'Too many wrong codes came from your MFA device, so the bot is not accepting its codes for now.',
    next: (details: ErrorDetails) =>
      typeof details.retryAt === 'string'
        ? `Try again after ${utcMinute(details.retryAt)}.`
        : 'Try again once approvers.lockout.windowMinutes have passed.',
  },
  APPROVER_DEVICE_BUSY: {
    kind: 'refusal',
    what: 'Your MFA device had as many codes being checked as it may have at once, and none finished in time.',
    next: 'Wait a minute and approve again with a new code.',
  },
  AWS_MFA_REQUIRED: {
    kind: 'fault',
    what: 'AWS requires an MFA-authenticated session for this change.',
    next: 'Ask the team that runs the bot to check that its IAM policy accepts the session STS gives for an approver’s code.',
  },
  AWS_ACCESS_DENIED: {
    kind: 'fault',
    what: 'AWS denied the bot access.',
    next: 'Ask the team that runs the bot to check its IAM policy.',
  },
  AWS_DENIED_BY_SCP: {
    kind: 'fault',
    what: 'A service control policy of the AWS organisation denied the bot this in the member account.',
    next: 'Ask the organisation’s administrators to let the bot’s reset role deactivate and delete MFA devices in that account.',
  },
  MEMBER_ROLE_REFUSED: {
    kind: 'fault',
    what: 'AWS refused the bot its role in the member account.',
    next: (details) =>
      `Ask the team that runs the bot to check that ${typeof details.roleArn === 'string' ? details.roleArn : 'the role'} exists and its trust policy: ` +
      'the reset role must trust the bot’s IAM user with MFA, the reader role its runtime role, both with the account’s external ID. Nothing was changed.',
  },
  AWS_THROTTLED: { kind: 'fault', what: 'AWS is throttling the bot.', next: 'Wait a minute and try again.' },
  AWS_UNAVAILABLE: { kind: 'fault', what: 'AWS could not be reached.', next: 'Try again in a few minutes.' },
  AWS_DEVICE_NOT_FOUND: {
    kind: 'fault',
    what: 'The MFA device no longer exists in AWS.',
    next: 'Nothing to do for that device.',
  },
  ANCHORS_UNREADABLE: {
    kind: 'fault',
    what: 'The audit chain’s anchors in S3 could not be read, so the trail could not be checked against them.',
    next: 'Check the bucket named in audit.anchors, the S3 endpoint and that the caller may s3:GetObject, s3:ListBucket and s3:ListBucketVersions on it.',
  },
  ANCHOR_WRITE_FAILED: {
    kind: 'fault',
    what: 'The audit chain’s position could not be anchored in S3; the next anchor covers it.',
    next: 'Check the bucket named in audit.anchors, the S3 endpoint and that the bot may s3:PutObject in it.',
  },
  AUDIT_STORE_UNAVAILABLE: {
    kind: 'fault',
    what: 'The audit trail could not be written, so nothing was changed.',
    next: 'Try again in a few minutes; if it persists, tell the team that runs the bot.',
  },
  EXECUTION_INTERRUPTED: {
    kind: 'fault',
    what: 'The reset was interrupted, and some devices are still attached to the IAM user.',
    next: 'The requester can run /mfa-reset again to reset the remaining devices.',
  },
  OUTCOME_NOT_RECORDED: {
    kind: 'fault',
    what: 'The reset was carried out, but its outcome could not be written to the audit trail.',
    next: 'Nothing to redo: the bot records it from IAM once the audit store is back. Tell the team that runs the bot.',
  },
  SLACK_API_ERROR: {
    kind: 'fault',
    what: 'Slack rejected a call from the bot.',
    next: 'Try again now; if it keeps failing, tell the team that runs the bot.',
  },
  SLACK_UNREACHABLE: { kind: 'fault', what: 'Slack could not be reached.', next: 'Try again later.' },
  COMMAND_RATE_LIMITED: {
    kind: 'refusal',
    what: 'You have sent more /mfa-reset commands in the last minute than the bot accepts from one person.',
    next: (details: ErrorDetails) =>
      typeof details.retryAfterSeconds === 'number'
        ? `Try again in ${details.retryAfterSeconds} s.`
        : 'Wait a minute, then try again.',
  },
  NOT_AN_AUDITOR: {
    kind: 'refusal',
    what: 'You are not an auditor of MFA resets.',
    next: 'Ask the team that runs the bot to add you to auditors.users or an auditors user group.',
  },
  AUDIT_FILTER_INVALID: {
    kind: 'field',
    what: 'That audit filter is not valid.',
    next: 'Give an IAM user name, a @member or a request ID, and a number of days from 1 to 365.',
  },
  EXPORT_TOO_LARGE: {
    kind: 'refusal',
    what: 'That selection holds too many events to send through Slack.',
    next: `Choose a shorter period or a narrower filter, or export it with the command line (${cliCommand('audit export')}).`,
  },
  // A request's life around the decision (cancel, help desk, members who left).
  NOT_YOUR_REQUEST: {
    kind: 'refusal',
    what: 'Only the member who asked for this reset, or the member whose MFA it resets, can cancel it.',
    next: 'Ask one of them to cancel it; an approver can deny it instead.',
  },
  NO_OPEN_REQUEST: {
    kind: 'refusal',
    what: 'You have no pending MFA reset request to cancel.',
    next: 'Run /mfa-reset status to see your requests and how they ended.',
  },
  NOT_HELPDESK: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'Only help-desk members can request an MFA reset for someone else.',
    next: 'Ask the member to run /mfa-reset themselves, or ask the team that runs the bot to add you to helpdesk.users or a helpdesk user group.',
  },
  REQUESTER_NOT_ALLOWED: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'The approval rule for this IAM user does not let you ask for its reset this way.',
    next: (details: ErrorDetails) =>
      details.requesters === 'self'
        ? 'Ask the member to run /mfa-reset themselves.'
        : 'Ask the help desk to request the reset for you (/mfa-reset @you).',
  },
  RULE_FACTS_UNKNOWN: {
    kind: 'fault',
    what: 'The bot could not read what it needs from IAM to choose the approval rule for this IAM user.',
    next: 'Try again in a minute; if it persists, tell the team that runs the bot (the bot’s runtime identity may lack iam:ListGroupsForUser).',
  },
  MEMBER_DEACTIVATED: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'That Slack account is deactivated: no MFA reset can be requested by it or for it.',
    next: 'Ask your AWS administrators to deal with the IAM user of a person who left (remove it, or reset it by hand).',
  },
  APPROVALS_NOT_OPEN: {
    kind: 'refusal',
    what: 'This request is in its waiting period: the person it is for has time to cancel it before anyone can approve.',
    next: (details: ErrorDetails) =>
      typeof details.opensAt === 'string'
        ? `Approve it after ${utcMinute(details.opensAt)}.`
        : 'Approve it once its waiting period is over.',
  },
  VERIFICATION_REQUIRED: {
    kind: 'field',
    field: 'attestation',
    what: 'Say how you verified that the person asking is who they claim to be.',
    next: 'Pick how you verified them, add a note, and submit again.',
  },
  CONFIRMATION_REQUIRED: {
    kind: 'refusal',
    what: 'This request needs a confirmation that the person asked for it before anyone can approve it.',
    next: 'Wait for the confirmer named on the approval message to confirm it (they have a direct message from the bot).',
  },
  NOT_A_CONFIRMER: {
    kind: 'refusal',
    what: 'You are not one of the members who may confirm this request.',
    next: 'The confirmer named on the approval message has to confirm it.',
  },
  CONFIRMER_IS_PARTY: {
    kind: 'refusal',
    what: 'Nobody confirms a request they made or that is for them.',
    next: 'Someone else named as confirmer has to confirm it.',
  },
  CONFIRMATION_ALREADY_GIVEN: {
    kind: 'refusal',
    what: 'This request was already confirmed.',
    next: 'Nothing more to do: approvers can decide on it now.',
  },
  RULE_CHANGED: {
    kind: 'refusal',
    what: 'The approval rule for this IAM user changed after the request was made, so it can no longer be approved.',
    next: 'Ask the requester to make a new request: it will need what the rule needs now.',
  },
  APPROVER_DEACTIVATED: {
    kind: 'refusal',
    what: 'This Slack account is deactivated, so it cannot decide on MFA resets.',
    next: 'Another approver has to handle this request.',
  },
  MFA_NOT_ENROLLED: {
    kind: 'fault',
    what: 'An IAM user whose MFA was reset has enrolled no new MFA device within the time the bot allows (requests.enrolWithinHours): it has no MFA at all.',
    next: 'Ask the member to enrol a new MFA device in the AWS console now; if they cannot be reached, disable the IAM user’s console access and access keys until they do.',
  },
  // The approvers' devices, managed by command.
  DEVICE_NOT_DELETED: {
    kind: 'fault',
    what: 'The reset was interrupted after a virtual MFA device was deactivated but before it was deleted: it still exists in AWS, and a new device cannot be enrolled under its name.',
    next: 'An approver can delete it with "Finish the reset" on the request’s message in the approvals channel; the request is completed once it is gone.',
  },
  MFA_DEVICE_NAME_TAKEN: {
    kind: 'refusal',
    what: 'A virtual MFA device with that name already exists in the AWS account.',
    next: `Revoke the old device first (${cliCommand('approvers revoke')}), or choose another --name.`,
  },
  MFA_DEVICE_LIMIT: {
    kind: 'refusal',
    what: 'The bot’s IAM user already has 8 MFA devices, the most IAM allows for one user.',
    next: `Revoke the device of an approver who no longer needs one (${cliCommand('approvers revoke')}), then enrol again.`,
  },
  INTERNAL: {
    kind: 'fault',
    what: 'Something unexpected went wrong.',
    next: 'Try again; if it persists, tell the team that runs the bot.',
  },
} as const satisfies Record<string, CatalogueEntry>;

/** Every stable error code of the bot. */
export type ErrorCode = keyof typeof errorCatalogue;
