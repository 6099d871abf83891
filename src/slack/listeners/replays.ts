import { createHmac } from 'node:crypto';
import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, ViewOutput } from '@slack/bolt';
import { describeError } from '../../domain/errors.js';
import type { ListenerContext } from '../context.js';
import { logFailure } from '../failure-log.js';
import { BlockId, CallbackId } from '../ids.js';
import { errorModal } from '../views/index.js';

/**
 * JSON with object keys sorted, so the same submitted values give the same key whatever order
 * Slack serialised them in.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonical(member)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A submission is the view and what was typed into it: the same view submitted again with other
 * values (the next code after a wrong one) is a new submission; the same bytes again are not. The
 * values include an MFA code, and a plain digest of six digits is undone by trying a million, so
 * they are digested with a key the table never sees (`secret`, shared by every replica).
 */
export function submissionKey(view: Pick<ViewOutput, 'id' | 'state'>, secret: string): string {
  const values = createHmac('sha256', secret).update(canonical(view.state.values)).digest('hex');
  return `${view.id}:${values}`;
}

/** What a repeated submission is answered with: beside the code in the modals that ask for one, else a message. */
function repeatAnswer(view: ViewOutput) {
  if (view.callback_id === CallbackId.approveModal || view.callback_id === CallbackId.finishModal) {
    const { what, next } = describeError('SUBMISSION_REPLAYED');
    return { response_action: 'errors' as const, errors: { [BlockId.tokenCode]: `${what} ${next}` } };
  }
  return { response_action: 'update' as const, view: errorModal('SUBMISSION_REPLAYED') };
}

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

/** Where in Bolt's context the time the request reached the app is kept (epoch milliseconds). */
export const ARRIVED_AT = 'arrivedAtMs';

/**
 * Every request Slack signs is accepted again for 5 minutes, so a captured one could be replayed.
 * Before any listener runs: a view submission seen before (same view, same values) is answered
 * "already received" and audited; an Events API delivery whose event was already handled (Slack's
 * retries carry X-Slack-Retry-Num) is acknowledged (Bolt acks events first) and goes no further.
 */
export function register(app: App, ctx: ListenerContext): void {
  app.use(async (args: Args) => {
    const { body, next } = args;
    // Slack's 3 s run from here: the submission listeners keep time from this mark, not their own start.
    args.context[ARRIVED_AT] = Date.now();
    if (body.type === 'view_submission' && 'view' in body && 'ack' in args) {
      const view = body.view as ViewOutput;
      const ack = args.ack as (answer: unknown) => Promise<void>;
      const user = (body as { user: { id: string } }).user.id;
      let first: boolean;
      try {
        first = await ctx.replays.firstSubmission({
          key: submissionKey(view, ctx.replayKeySecret),
          slackUserId: user,
          form: view.callback_id,
        });
      } catch (error) {
        const coded = logFailure(ctx.logger.child({ view: view.callback_id, user }), error, {});
        await ack({ response_action: 'update', view: errorModal(coded.code) });
        return;
      }
      if (!first) {
        ctx.logger.warn({ view: view.callback_id, user }, 'view submission repeated; not acted on again');
        await ack(repeatAnswer(view));
        return;
      }
    } else if (
      body.type === 'event_callback' &&
      typeof (body as { event_id?: unknown }).event_id === 'string'
    ) {
      const eventId = (body as { event_id: string }).event_id;
      const first = await ctx.replays.firstDelivery(eventId).catch((error: unknown) => {
        // Handling an event twice only republishes a view: better than dropping it.
        logFailure(ctx.logger.child({ eventId }), error, { step: 'event dedupe' });
        return true;
      });
      if (!first) {
        ctx.logger.info(
          { eventId, retryNum: args.context.retryNum },
          'event already handled; acknowledged only',
        );
        return;
      }
    }
    await next();
  });
}
