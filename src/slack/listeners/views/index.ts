import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { View } from '@slack/types';
import { type ResetError, toResetError } from '../../../domain/errors.js';
import type { ListenerContext } from '../../context.js';
import { recordFailure, settleWithin } from '../../failures.js';
import { CallbackId } from '../../ids.js';
import {
  errorText,
  inputErrors,
  messageModal,
  parseDecisionModalMetadata,
  parseRequestModalMetadata,
  readApprovalSubmission,
  readDenySubmission,
  readRequestSubmission,
} from '../../views/index.js';
import { ARRIVED_AT } from '../replays.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** What a submission turns into: a view that replaces the modal, or errors shown beside fields. */
type SubmissionAnswer = { view: View } | { errors: Record<string, string> };

/**
 * Runs a submission's work and answers within Slack's 3 s: with the result when it is ready in
 * time, else with a "working on it" view that is replaced by the result when it arrives.
 */
async function answerSubmission(
  ctx: ListenerContext,
  args: SubmitArgs,
  work: () => Promise<SubmissionAnswer>,
): Promise<void> {
  const logger = ctx.logger.child({ view: args.view.callback_id, user: args.body.user.id });
  const arrived = args.context[ARRIVED_AT];
  const spent = typeof arrived === 'number' ? Date.now() - arrived : 0;
  const running = work().catch((error: unknown) => answerFor(recordFailure(logger, error, {})));
  const settled = await settleWithin(running, Math.max(0, ctx.submissionDeadlineMs - spent));
  if (settled.status === 'ok') {
    const answer = settled.value;
    await args.ack(
      'errors' in answer
        ? { response_action: 'errors', errors: answer.errors }
        : { response_action: 'update', view: answer.view },
    );
    return;
  }
  await args.ack({
    response_action: 'update',
    view: messageModal({ title: 'MFA reset', text: 'Working on it…' }),
  });
  const answer = await running;
  const view =
    'view' in answer
      ? answer.view
      : messageModal({ title: 'MFA reset', text: Object.values(answer.errors).join('\n') });
  await args.client.views
    .update({ view_id: args.view.id, view })
    .catch((error: unknown) => recordFailure(logger, error, { step: 'views.update' }));
}

function answerFor(error: ResetError): SubmissionAnswer {
  return { view: messageModal({ title: 'MFA reset', text: errorText(error.code, error.details) }) };
}

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
  app.view<ViewSubmitAction>(CallbackId.requestModal, async (args) => {
    await answerSubmission(ctx, args, async (): Promise<SubmissionAnswer> => {
      const { iamUserName } = parseRequestModalMetadata(args.view.private_metadata);
      let input: { serials: string[]; reason: string };
      try {
        input = readRequestSubmission(args.view.state.values, {
          reasonMinLength: ctx.policy.reasonMinLength,
        });
      } catch (error) {
        return fieldErrorsOr(error);
      }
      const request = await ctx.requests.submit({ slackUserId: args.body.user.id, iamUserName, ...input });
      return {
        view: messageModal({
          title: 'Request sent',
          text: `Your request to reset the MFA of *${request.target.iamUserName}* was sent to the approvers. You will get a direct message with the outcome.`,
        }),
      };
    });
  });

  app.view<ViewSubmitAction>(CallbackId.approveModal, async (args) => {
    await answerSubmission(ctx, args, async (): Promise<SubmissionAnswer> => {
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
    });
  });

  app.view<ViewSubmitAction>(CallbackId.denyModal, async (args) => {
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
  });
}
