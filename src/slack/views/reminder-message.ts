import type { ResetRequest } from '../../domain/request.js';
import { context, type SlackMessage, section } from './blocks.js';
import { escapeMrkdwn, mention, slackDate } from './text.js';

/** Who a reminder pings: the configured approvers, by member and by user group. */
export interface ApproverMentions {
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
}

/** Mentions beyond this many are left out: a reminder is a nudge, not a roll call. */
const MAX_MENTIONS = 20;

const userGroupId = /^S[A-Z0-9]{2,}$/;

function mentions({ users, userGroups }: ApproverMentions): string {
  const groups = userGroups.filter((id) => userGroupId.test(id)).map((id) => `<!subteam^${id}>`);
  const people = users.map((id) => mention(id));
  return [...groups, ...people].slice(0, MAX_MENTIONS).join(' ');
}

/**
 * The reminder posted in the approval message's thread while a request still waits: who is asked,
 * how many approvals it has, when it expires, and when the next reminder comes.
 */
export function reminderMessage(
  request: ResetRequest,
  options: {
    readonly approvalsNeeded: number;
    readonly approvers: ApproverMentions;
    readonly nextAt?: string;
  },
): SlackMessage {
  const who = mentions(options.approvers);
  const headline =
    `:bell: Still waiting for approval (${request.approvals.length} of ${options.approvalsNeeded}): ` +
    `the MFA reset of \`${escapeMrkdwn(request.target.iamUserName, 200)}\` asked by ${mention(request.requesterSlackId)}.`;
  const expiry = `It expires ${slackDate(request.expiresAt)}.`;
  const next =
    options.nextAt === undefined
      ? 'This is the last reminder.'
      : `Next reminder ${slackDate(options.nextAt)}.`;
  return {
    text: headline,
    blocks: [
      section(
        `${headline}${who === '' ? '' : ` ${who}`}\n${expiry} Approve or deny it with the buttons above.`,
      ),
      context(next),
    ],
  };
}
