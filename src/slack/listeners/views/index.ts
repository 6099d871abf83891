import type { App } from '@slack/bolt';
import { toResetError } from '../../../domain/errors.js';
import type { ListenerContext } from '../../context.js';
import { CallbackId } from '../../ids.js';
import {
  parseDecisionModalMetadata,
  parseRequestModalMetadata,
  readApprovalSubmission,
  readDenySubmission,
  readRequestSubmission,
} from '../../parse/view-inputs.js';
import { errorText, escapeMrkdwn, inputErrors, messageModal } from '../../views/index.js';
import type { SubmitArgs } from '../args.js';
import { auditFilterSubmission } from './audit.js';
import { APPROVER_LATE_TEXT, answerSubmission, type SubmissionAnswer } from './submission.js';

/** Problems the person can fix in the open modal become errors beside the field; others propagate. */
function fieldErrorsOr(error: unknown): SubmissionAnswer {
  const errors = inputErrors(error);
  if (errors === undefined) throw error;
  const attemptsLeft = toResetError(error).details.attemptsLeft;
  if (typeof attemptsLeft === 'number') {
    for (const blockId of Object.keys(errors)) {
      errors[blockId] = `${errors[blockId]} (${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left)`;
    }
  }
  return { errors };
}

export function register(app: App, ctx: ListenerContext): void {
  app.view(CallbackId.auditFilterModal, (args: SubmitArgs) => auditFilterSubmission(ctx, args));
  app.view(CallbackId.requestModal, (args: SubmitArgs) => requestSubmission(ctx, args));
  app.view(CallbackId.approveModal, (args: SubmitArgs) => approveSubmission(ctx, args));
  app.view(CallbackId.denyModal, (args: SubmitArgs) => denySubmission(ctx, args));
  app.view(CallbackId.finishModal, (args: SubmitArgs) => finishSubmission(ctx, args));
}

/** The request form: the request goes to the approvers, or a problem goes back beside its field. */
export async function requestSubmission(ctx: ListenerContext, args: SubmitArgs): Promise<void> {
  await answerSubmission(ctx, args, async (): Promise<SubmissionAnswer> => {
    const { iamUserName, targetSlackId } = parseRequestModalMetadata(args.view.private_metadata);
    let input: { serials: string[]; reason: string };
    try {
      input = readRequestSubmission(args.view.state.values, {
        reasonMinLength: ctx.rules.reasonMinLength,
      });
    } catch (error) {
      return fieldErrorsOr(error);
    }
    const request = await ctx.requests.submit({
      slackUserId: args.body.user.id,
      ...(targetSlackId === undefined ? {} : { targetSlackId }),
      iamUserName,
      ...input,
    });
    const forWhom =
      request.target.slackUserId === request.requesterSlackId ? '' : ` for <@${request.target.slackUserId}>`;
    return {
      view: messageModal({
        title: 'Request sent',
        text: `Your request to reset the MFA of *${escapeMrkdwn(request.target.iamUserName, 200)}*${forWhom} was sent to the approvers. You will get a direct message with the outcome.`,
      }),
    };
  });
}

/** The approve modal: the code goes to STS through the approval use case; a wrong one goes back beside it. */
export async function approveSubmission(ctx: ListenerContext, args: SubmitArgs): Promise<void> {
  await answerSubmission(
    ctx,
    args,
    async (): Promise<SubmissionAnswer> => {
      const { requestId } = parseDecisionModalMetadata(args.view.private_metadata);
      try {
        const { tokenCode } = readApprovalSubmission(args.view.state.values);
        const result = await ctx.approvals.approve({
          requestId,
          approverSlackId: args.body.user.id,
          tokenCode,
        });
        if (result.kind === 'approval-recorded') {
          return {
            view: messageModal({
              title: 'Approval recorded',
              text: `Your approval is recorded. ${result.approvalsNeeded} more approval(s) needed before the reset.`,
            }),
          };
        }
        const done = result.request.state === 'COMPLETED';
        return {
          view: messageModal({
            title: done ? 'MFA reset done' : 'MFA reset failed',
            text: done
              ? `The MFA devices of *${result.request.target.iamUserName}* were reset. The requester has been told.`
              : `The reset of *${result.request.target.iamUserName}* failed: ${errorText(result.request.failureCode ?? 'INTERNAL')}`,
          }),
        };
      } catch (error) {
        return fieldErrorsOr(error);
      }
    },
    { lateText: APPROVER_LATE_TEXT },
  );
}

/** "Finish the reset": the code goes to STS, then the bot deletes what the crash left. */
export async function finishSubmission(ctx: ListenerContext, args: SubmitArgs): Promise<void> {
  await answerSubmission(
    ctx,
    args,
    async (): Promise<SubmissionAnswer> => {
      const { requestId } = parseDecisionModalMetadata(args.view.private_metadata);
      try {
        const { tokenCode } = readApprovalSubmission(args.view.state.values);
        const request = await ctx.approvals.finish({
          requestId,
          approverSlackId: args.body.user.id,
          tokenCode,
        });
        const done = request.state === 'COMPLETED';
        return {
          view: messageModal({
            title: done ? 'MFA reset done' : 'MFA reset failed',
            text: done
              ? `The left-over devices of *${escapeMrkdwn(request.target.iamUserName, 200)}* were deleted and the reset is complete. The requester has been told.`
              : `The reset of *${escapeMrkdwn(request.target.iamUserName, 200)}* ended failed: ${errorText(request.failureCode ?? 'INTERNAL')}`,
          }),
        };
      } catch (error) {
        return fieldErrorsOr(error);
      }
    },
    { lateText: APPROVER_LATE_TEXT },
  );
}

/** The deny modal: the request is denied with the reason given. */
export async function denySubmission(ctx: ListenerContext, args: SubmitArgs): Promise<void> {
  await answerSubmission(ctx, args, async (): Promise<SubmissionAnswer> => {
    const { requestId } = parseDecisionModalMetadata(args.view.private_metadata);
    try {
      const { reason } = readDenySubmission(args.view.state.values);
      const request = await ctx.approvals.deny({ requestId, approverSlackId: args.body.user.id, reason });
      return {
        view: messageModal({
          title: 'Request denied',
          text: `You denied the request of <@${request.requesterSlackId}>.`,
        }),
      };
    } catch (error) {
      return fieldErrorsOr(error);
    }
  });
}
