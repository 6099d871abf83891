import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { View } from '@slack/types';
import type { ResetError } from '../../../domain/errors.js';
import type { ListenerContext } from '../../context.js';
import { recordFailure, settleWithin } from '../../failures.js';
import { errorText, messageModal } from '../../views/index.js';
import { ARRIVED_AT } from '../replays.js';

export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** What a submission turns into: a view that replaces the modal, or errors shown beside fields. */
export type SubmissionAnswer = { view: View } | { errors: Record<string, string> };

/**
 * Runs a submission's work and answers within Slack's 3 s: with the result when it is ready in
 * time, else with a "working on it" view that is replaced by the result when it arrives.
 */
export async function answerSubmission(
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
