import type { ListenerContext } from '../../context.js';
import { logFailure } from '../../failure-log.js';
import { parseButtonValue } from '../../parse/view-inputs.js';
import { errorText } from '../../views/index.js';
import { escapeMrkdwn } from '../../views/text.js';
import type { ButtonArgs } from '../args.js';

/**
 * Confirm and Reject in a confirmer's DM (`verification: confirm`). The service checks afresh that
 * the member may confirm (named by the IAM tag or listed, neither requester nor target, active) and
 * writes on the version it read, so two clicks have one winner. The answer replaces the DM's
 * buttons with what happened, or is said beside them when refused.
 */
export async function confirmButton(ctx: ListenerContext, args: ButtonArgs): Promise<void> {
  await decide(ctx, args, 'confirm');
}

export async function rejectButton(ctx: ListenerContext, args: ButtonArgs): Promise<void> {
  await decide(ctx, args, 'reject');
}

async function decide(
  ctx: ListenerContext,
  { ack, body, action, respond }: ButtonArgs,
  verdict: 'confirm' | 'reject',
) {
  await ack();
  const member = body.user.id;
  const logger = ctx.logger.child({ action: action.action_id, user: member });
  try {
    const input = { requestId: parseButtonValue(action.value), slackUserId: member };
    const request = await (verdict === 'confirm'
      ? ctx.confirmations.confirm(input)
      : ctx.confirmations.reject(input));
    const user = `\`${escapeMrkdwn(request.target.iamUserName, 200)}\``;
    const text =
      verdict === 'confirm'
        ? `:white_check_mark: You confirmed the MFA reset request for ${user}: approvers can decide on it now.`
        : `:no_entry: You rejected the MFA reset request for ${user}: it is denied and nothing was reset.`;
    await respond({ replace_original: true, text });
  } catch (error) {
    const coded = logFailure(logger, error, {});
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: errorText(coded.code, coded.details),
    });
  }
}
