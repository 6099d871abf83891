import type { View } from '@slack/types';
import type { ResetError } from '../../../domain/errors.js';
import type { ListenerContext } from '../../context.js';
import { logFailure } from '../../failure-log.js';
import { BUSY_SUBMISSIONS } from '../../submission-workload.js';
import { errorModal, messageModal } from '../../views/index.js';
import type { SubmitArgs } from '../args.js';
import { ARRIVED_AT } from '../replays.js';

/**
 * What an approver's "working on it" view adds: the outcome replaces it, unless the bot stops
 * first (then the restarted bot tells them by DM, where it can know what became of the approval).
 */
export const APPROVER_LATE_TEXT =
  'Working on it… The outcome will replace this. If nothing follows within a minute, look at the request’s message in the approvals channel: it shows the outcome. If it still waits for approval, approve again.';

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
  options: { readonly lateText?: string } = {},
): Promise<void> {
  const logger = ctx.logger.child({ view: args.view.callback_id, user: args.body.user.id });
  const arrived = args.context[ARRIVED_AT];
  const spent = typeof arrived === 'number' ? Date.now() - arrived : 0;
  const workload = ctx.submissions;
  workload.inFlight += 1;
  if (workload.inFlight > BUSY_SUBMISSIONS) for (const hurry of workload.waiting) hurry();
  const running = work()
    .catch((error: unknown) => answerFor(logFailure(logger, error, {})))
    .finally(() => {
      workload.inFlight -= 1;
    });
  let hurry = () => {};
  const hurried = new Promise<{ status: 'late' }>((resolve) => {
    hurry = () => resolve({ status: 'late' });
  });
  workload.waiting.add(hurry);
  const deadlineMs = workload.inFlight > BUSY_SUBMISSIONS ? 0 : ctx.submissionDeadlineMs - spent;
  const settled = await Promise.race([settleWithin(running, Math.max(0, deadlineMs)), hurried]);
  workload.waiting.delete(hurry);
  const answered = () => {
    // How long Slack waited, as far as this process can tell (load tests read it).
    if (typeof arrived === 'number')
      logger.info({ answeredInMs: Date.now() - arrived }, 'submission answered');
  };
  if (settled.status === 'ok') {
    const answer = settled.value;
    await args.ack(
      'errors' in answer
        ? { response_action: 'errors', errors: answer.errors }
        : { response_action: 'update', view: answer.view },
    );
    answered();
    return;
  }
  await args.ack({
    response_action: 'update',
    view: messageModal({ title: 'MFA reset', text: options.lateText ?? 'Working on it…' }),
  });
  answered();
  const answer = await running;
  const view =
    'view' in answer
      ? answer.view
      : messageModal({ title: 'MFA reset', text: Object.values(answer.errors).join('\n') });
  await args.client.views
    .update({ view_id: args.view.id, view })
    .catch((error: unknown) => logFailure(logger, error, { step: 'views.update' }));
}

function answerFor(error: ResetError): SubmissionAnswer {
  return { view: errorModal(error.code, { details: error.details }) };
}

/** The outcome of `work`, or `'late'` if it takes longer than `ms`. Rejections are returned as values. */
async function settleWithin<T>(
  work: Promise<T>,
  ms: number,
): Promise<{ status: 'ok'; value: T } | { status: 'error'; error: unknown } | { status: 'late' }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ status: 'late' }>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'late' }), ms);
  });
  try {
    return await Promise.race([
      work.then(
        (value) => ({ status: 'ok' as const, value }),
        (error: unknown) => ({ status: 'error' as const, error }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
