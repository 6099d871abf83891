import type { App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { View } from '@slack/types';
import type { ResetRequest } from '../../../domain/request.js';
import { approverMfaSerial } from '../../../services/approvers.js';
import type { ListenerContext } from '../../context.js';
import { ActionId } from '../../ids.js';
import { parseButtonValue } from '../../parse/view-inputs.js';
import { approveModal, denyModal, errorText } from '../../views/index.js';
import { openThenFill } from '../modal-work.js';
import { registerAuditActions } from './audit.js';
import { registerCancelAction } from './cancel.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & { client: App['client'] };

/**
 * Approve and Deny on the approval message and on approvers' App Home. Both check, while the
 * modal opens, that the member may decide (and audit a refusal); the check is repeated when the
 * modal is submitted. Then the audit results' buttons.
 */
export function register(app: App, ctx: ListenerContext): void {
  registerAuditActions(app, ctx);
  registerCancelAction(app, ctx);
  app.action<BlockAction<ButtonAction>>(ActionId.approve, async (args) => {
    await openDecisionModal(ctx, args as ButtonArgs, (request, approver) =>
      approveModal(request, { approverMfaSerial: approverMfaSerial(ctx.rules, approver) }),
    );
  });
  app.action<BlockAction<ButtonAction>>(ActionId.deny, async (args) => {
    await openDecisionModal(ctx, args as ButtonArgs, (request) => denyModal(request));
  });
}

/**
 * The modal opens at once with a loading view (a trigger_id lives 3 s, and in a burst the reads
 * behind the check take longer), then shows the decision form or the refusal (views.update). A
 * refusal from the approval message is also answered in the channel, where the click was.
 */
async function openDecisionModal(
  ctx: ListenerContext,
  { ack, body, action, client, respond }: ButtonArgs,
  render: (request: ResetRequest, approverSlackId: string) => View,
): Promise<void> {
  await ack();
  const approver = body.user.id;
  const logger = ctx.logger.child({ action: action.action_id, user: approver });
  await openThenFill({
    client,
    triggerId: body.trigger_id,
    logger,
    mode: 'open',
    title: 'MFA reset',
    loadingText: 'Checking the request…',
    work: async () => {
      const request = await ctx.approvals.openDecision(parseButtonValue(action.value), approver);
      return render(request, approver);
    },
    // A click on the App Home has no response_url: the modal alone answers it.
    ...(respond === undefined
      ? {}
      : {
          onFailure: async (coded) => {
            await respond({
              response_type: 'ephemeral',
              replace_original: false,
              text: errorText(coded.code, coded.details),
            });
          },
        }),
  });
}
