import type { App } from '@slack/bolt';
import type { View } from '@slack/types';
import type { ResetRequest } from '../../../domain/request.js';
import { approverMfaSerial } from '../../../services/approvers.js';
import type { ListenerContext } from '../../context.js';
import { ActionId } from '../../ids.js';
import { parseButtonValue } from '../../parse/view-inputs.js';
import { approveModal, denyModal, errorText, finishModal } from '../../views/index.js';
import type { ButtonArgs } from '../args.js';
import { openThenFill } from '../modal-work.js';
import { chooseAccountButton } from './account-choice.js';
import {
  auditExportCsvButton,
  auditExportJsonlButton,
  auditMoreButton,
  auditTimelineButton,
} from './audit.js';
import { cancelRequestButton } from './cancel.js';
import { confirmButton, rejectButton } from './confirm.js';

/**
 * Approve and Deny on the approval message and on approvers' App Home. Both check, while the
 * modal opens, that the member may decide (and audit a refusal); the check is repeated when the
 * modal is submitted. Then Cancel request, and the audit results' buttons.
 */
export function register(app: App, ctx: ListenerContext): void {
  app.action(ActionId.auditMore, (args: ButtonArgs) => auditMoreButton(ctx, args));
  app.action(ActionId.auditTimeline, (args: ButtonArgs) => auditTimelineButton(ctx, args));
  app.action(ActionId.auditExportJsonl, (args: ButtonArgs) => auditExportJsonlButton(ctx, args));
  app.action(ActionId.auditExportCsv, (args: ButtonArgs) => auditExportCsvButton(ctx, args));
  app.action(ActionId.cancelRequest, (args: ButtonArgs) => cancelRequestButton(ctx, args));
  app.action(ActionId.confirmRequest, (args: ButtonArgs) => confirmButton(ctx, args));
  app.action(ActionId.rejectRequest, (args: ButtonArgs) => rejectButton(ctx, args));
  app.action(ActionId.chooseAccount, (args: ButtonArgs) => chooseAccountButton(ctx, args));
  app.action(ActionId.approve, (args: ButtonArgs) => approveButton(ctx, args));
  app.action(ActionId.deny, (args: ButtonArgs) => denyButton(ctx, args));
  app.action(ActionId.finishReset, (args: ButtonArgs) => finishButton(ctx, args));
}

export async function approveButton(ctx: ListenerContext, args: ButtonArgs): Promise<void> {
  await openDecisionModal(
    ctx,
    args,
    (request, approver) =>
      approveModal(request, {
        approverMfaSerial: approverMfaSerial(ctx.rules, approver),
        accounts: ctx.rules.accounts,
      }),
    // Closed while the request is in its rule's waiting period (Deny is not).
    (requestId, approver) => ctx.approvals.openApproval(requestId, approver),
  );
}

export async function denyButton(ctx: ListenerContext, args: ButtonArgs): Promise<void> {
  await openDecisionModal(ctx, args, (request) => denyModal(request, { accounts: ctx.rules.accounts }));
}

/** "Finish the reset" on an UNFINISHED request: the same checks as Approve, then the code modal. */
export async function finishButton(ctx: ListenerContext, args: ButtonArgs): Promise<void> {
  await openDecisionModal(
    ctx,
    args,
    (request, approver) =>
      finishModal(request, {
        approverMfaSerial: approverMfaSerial(ctx.rules, approver),
        accounts: ctx.rules.accounts,
      }),
    (requestId, approver) => ctx.approvals.openFinish(requestId, approver),
  );
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
  load: (requestId: string, approverSlackId: string) => Promise<ResetRequest> = ctx.approvals.openDecision,
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
      const request = await load(parseButtonValue(action.value), approver);
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
