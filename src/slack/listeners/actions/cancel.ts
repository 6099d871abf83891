import type { ListenerContext } from '../../context.js';
import { logFailure } from '../../failure-log.js';
import { parseButtonValue } from '../../parse/view-inputs.js';
import { cancelledText, errorText } from '../../views/index.js';
import type { ButtonArgs } from '../args.js';

/**
 * Cancel request, on the requester's and the target member's DMs (and in `/mfa-reset cancel`'s
 * list). The service checks that the member who clicked may cancel it; the answer is ephemeral,
 * and the DMs and the approval message are updated by the service.
 */
export async function cancelRequestButton(
  ctx: ListenerContext,
  { ack, body, action, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const member = body.user.id;
  const logger = ctx.logger.child({ action: action.action_id, user: member });
  let text: string;
  try {
    const request = await ctx.cancels.cancel({
      requestId: parseButtonValue(action.value),
      slackUserId: member,
    });
    text = cancelledText(request);
  } catch (error) {
    const coded = logFailure(logger, error, {});
    text = errorText(coded.code, coded.details);
  }
  await respond({ response_type: 'ephemeral', replace_original: false, text }).catch((error: unknown) =>
    logFailure(logger, error, { step: 'respond' }),
  );
}
