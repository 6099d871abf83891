import type { App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { View } from '@slack/types';
import type { ResetRequest } from '../../../domain/request.js';
import { approverMfaSerial } from '../../../services/approvers.js';
import type { ListenerContext } from '../../context.js';
import { recordFailure } from '../../failures.js';
import { ActionId } from '../../ids.js';
import { approveModal, denyModal, errorText, messageModal, parseButtonValue } from '../../views/index.js';
import { registerAuditActions } from './audit.js';
import { registerCancelAction } from './cancel.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & { client: App['client'] };

/**
 * Approve and Deny on the approval message and on approvers' App Home. Both check, before the
 * modal opens, that the member may decide (and audit a refusal); the check is repeated when the
 * modal is submitted. Then the audit results' buttons.
 */
export function register(app: App, ctx: ListenerContext): void {
  registerAuditActions(app, ctx);
  registerCancelAction(app, ctx);
  app.action<BlockAction<ButtonAction>>(ActionId.approve, async (args) => {
    await openDecisionModal(ctx, args as ButtonArgs, (request, approver) =>
      approveModal(request, { approverMfaSerial: approverMfaSerial(ctx.policy, approver) }),
    );
  });
  app.action<BlockAction<ButtonAction>>(ActionId.deny, async (args) => {
    await openDecisionModal(ctx, args as ButtonArgs, (request) => denyModal(request));
  });
}

async function openDecisionModal(
  ctx: ListenerContext,
  { ack, body, action, client, respond }: ButtonArgs,
  render: (request: ResetRequest, approverSlackId: string) => View,
): Promise<void> {
  await ack();
  const approver = body.user.id;
  const logger = ctx.logger.child({ action: action.action_id, user: approver });
  try {
    const requestId = parseButtonValue(action.value);
    const request = await ctx.approvals.openDecision(requestId, approver);
    await client.views.open({ trigger_id: body.trigger_id, view: render(request, approver) });
  } catch (error) {
    const coded = recordFailure(logger, error, {});
    const text = errorText(coded.code, coded.details);
    // A click on the App Home has no response_url: the answer goes in a modal instead.
    if (respond === undefined) {
      await client.views
        .open({ trigger_id: body.trigger_id, view: messageModal({ title: 'MFA reset', text }) })
        .catch((openError: unknown) => recordFailure(logger, openError, { step: 'views.open' }));
      return;
    }
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  }
}
