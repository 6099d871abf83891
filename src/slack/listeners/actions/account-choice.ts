import type { ListenerContext } from '../../context.js';
import { slashCommand } from '../../ids.js';
import { parseRequestModalMetadata } from '../../parse/view-inputs.js';
import { requestModal } from '../../views/index.js';
import type { ButtonArgs } from '../args.js';
import { openThenFill } from '../modal-work.js';

/**
 * An account's button in the account choice: the request form for that account's IAM user,
 * pushed over the choice. The service maps the member again and refuses a user that is not theirs.
 */
export async function chooseAccountButton(
  ctx: ListenerContext,
  { ack, body, action, client }: ButtonArgs,
): Promise<void> {
  await ack();
  const userId = body.user.id;
  const logger = ctx.logger.child({ command: slashCommand, action: action.action_id, user: userId });
  await openThenFill({
    client,
    triggerId: body.trigger_id,
    logger,
    mode: 'push',
    title: 'MFA reset',
    work: async () => {
      const chosen = parseRequestModalMetadata(action.value);
      const prepared = await ctx.requests.prepareChosen(userId, {
        iamUserName: chosen.iamUserName,
        ...(chosen.targetSlackId === undefined ? {} : { forMember: chosen.targetSlackId }),
      });
      return requestModal({
        iamUserName: prepared.iamUserName,
        devices: prepared.devices,
        reasonMinLength: ctx.rules.reasonMinLength,
        ...(prepared.targetSlackId === userId ? {} : { targetSlackId: prepared.targetSlackId }),
      });
    },
  });
}
