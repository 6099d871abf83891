import type { App } from '@slack/bolt';
import { toResetError } from '../../../domain/errors.js';
import type { ResetRequest } from '../../../domain/request.js';
import type { ListenerContext } from '../../context.js';
import { CallbackId } from '../../ids.js';
import {
  parseDecisionModalMetadata,
  parseRequestModalMetadata,
  readApprovalSubmission,
  readAttestation,
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
    () =>
      withSubmittedCode(args, async (input) => {
        // How the approver verified the person, when the request's rule asked (read beside the code).
        const attestation = readAttestation(args.view.state.values);
        const result = await ctx.approvals.approve({
          ...input,
          ...(attestation === undefined ? {} : { attestation }),
        });
        if (result.kind === 'approval-recorded') {
          return {
            view: messageModal({
              title: 'Approval recorded',
              text: `Your approval is recorded. ${result.approvalsNeeded} more approval(s) needed before the reset.`,
            }),
          };
        }
        return resetOutcome(result.request, (user) => `The MFA devices of *${user}* were reset.`);
      }),
    { lateText: APPROVER_LATE_TEXT },
  );
}

/** "Finish the reset": the code goes to STS, then the bot deletes what the crash left. */
export async function finishSubmission(ctx: ListenerContext, args: SubmitArgs): Promise<void> {
  await answerSubmission(
    ctx,
    args,
    () =>
      withSubmittedCode(args, async (input) =>
        resetOutcome(
          await ctx.approvals.finish(input),
          (user) => `The left-over devices of *${user}* were deleted and the reset is complete.`,
        ),
      ),
    { lateText: APPROVER_LATE_TEXT },
  );
}

/**
 * What the code modals share: the request and the code from the view, then `use` with them; a
 * refused code (or another field problem) goes back beside the input.
 */
async function withSubmittedCode(
  args: SubmitArgs,
  use: (input: {
    requestId: string;
    approverSlackId: string;
    tokenCode: string;
  }) => Promise<SubmissionAnswer>,
): Promise<SubmissionAnswer> {
  const { requestId } = parseDecisionModalMetadata(args.view.private_metadata);
  try {
    const { tokenCode } = readApprovalSubmission(args.view.state.values);
    return await use({ requestId, approverSlackId: args.body.user.id, tokenCode });
  } catch (error) {
    return fieldErrorsOr(error);
  }
}

/** The modal's last word on a reset that ran: done (`doneText` of its IAM user, escaped), or failed and why. */
function resetOutcome(request: ResetRequest, doneText: (user: string) => string): SubmissionAnswer {
  const user = escapeMrkdwn(request.target.iamUserName, 200);
  const done = request.state === 'COMPLETED';
  return {
    view: messageModal({
      title: done ? 'MFA reset done' : 'MFA reset failed',
      text: done
        ? `${doneText(user)} The requester has been told.`
        : `The reset of *${user}* failed: ${errorText(request.failureCode ?? 'INTERNAL')}`,
    }),
  };
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
