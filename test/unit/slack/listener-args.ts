import type {
  AckFn,
  BlockAction,
  ButtonAction,
  RespondArguments,
  RespondFn,
  SayFn,
  ViewOutput,
} from '@slack/bolt';
import type { ModalView, View } from '@slack/types';
import {
  appHomeOpenedPayload,
  messageBlockActionPayload,
  type PayloadContext,
  slashCommandPayload,
  viewSubmissionPayload,
} from '../../../sandbox/slack-driver/payloads.js';
import { createAuditExport } from '../../../src/services/audit-export.js';
import { createAuditReview } from '../../../src/services/audit-review.js';
import { createCancelService } from '../../../src/services/cancel.js';
import { createCommandLimits } from '../../../src/services/command-limits.js';
import { createConfirmationService } from '../../../src/services/confirmations.js';
import { createHomeService } from '../../../src/services/home.js';
import { createMemberRequests } from '../../../src/services/member-requests.js';
import { createReplayGuard } from '../../../src/services/replays.js';
import type { ListenerContext } from '../../../src/slack/context.js';
import { slashCommand } from '../../../src/slack/ids.js';
import type {
  ButtonArgs,
  CommandArgs,
  HomeOpenedArgs,
  SubmitArgs,
} from '../../../src/slack/listeners/args.js';
import { newSubmissionWorkload } from '../../../src/slack/submission-workload.js';
import { InMemoryChain } from '../fakes/in-memory-chain.js';
import type { World } from '../fakes/world.js';

/**
 * The one typed builder of the arguments Bolt hands a listener callback, for unit tests of the
 * callbacks without an app: payloads from the Slack driver's builders (typed against Bolt's own
 * types), a Web API client that records the view calls, and `ack`/`respond` that record what they
 * were given. The casts the tests would otherwise need live here.
 */

/** What a callback did through its arguments. */
export interface Recorded {
  /** Every `ack()`, with what it was given (undefined for a bare ack). */
  readonly acks: unknown[];
  readonly responses: (string | RespondArguments)[];
  /** `views.open`, `views.push`, `views.update`, `views.publish`, in order, with their view. */
  readonly viewCalls: { method: string; view: View }[];
}

const context: PayloadContext = {
  team: { id: 'T0TEAM', domain: 'example' },
  appId: 'A0MFARESET',
  verificationToken: 'unit-verification-token',
  user: { id: 'U0NOBODY', name: 'nobody' },
};

function forUser(userId: string): PayloadContext {
  return { ...context, user: { id: userId, name: userId.toLowerCase() } };
}

function recorder(): Recorded {
  return { acks: [], responses: [], viewCalls: [] };
}

/** The parts every listener gets: a client that records view calls, a logger, and a context. */
function common(world: World, recorded: Recorded) {
  let views = 0;
  const viewCall =
    (method: string) =>
    async (args: { view: View }): Promise<{ ok: true; view: { id: string } }> => {
      recorded.viewCalls.push({ method, view: args.view });
      views += 1;
      return { ok: true, view: { id: `V${views}` } };
    };
  const client = {
    views: {
      open: viewCall('views.open'),
      push: viewCall('views.push'),
      update: viewCall('views.update'),
      publish: viewCall('views.publish'),
    },
  };
  return {
    client: client as unknown as CommandArgs['client'],
    logger: world.logger as unknown as CommandArgs['logger'],
    context: { isEnterpriseInstall: false },
    next: async () => {},
    say: (async () => ({})) as unknown as SayFn,
  };
}

function ack(recorded: Recorded): AckFn<never> {
  return (async (answer?: unknown) => {
    recorded.acks.push(answer);
  }) as AckFn<never>;
}

function respond(recorded: Recorded): RespondFn {
  // Bolt's respond resolves with the fetch response, which no listener reads.
  return (async (message: string | RespondArguments) => {
    recorded.responses.push(message);
  }) as unknown as RespondFn;
}

/** `/mfa-reset TEXT` typed by `userId`. */
export function aCommand(
  world: World,
  userId: string,
  text: string,
): { args: CommandArgs; recorded: Recorded } {
  const recorded = recorder();
  const command = slashCommandPayload(forUser(userId), {
    command: slashCommand,
    text,
    channel: { id: 'C0GENERAL', name: 'general' },
    triggerId: 'trigger-command',
    responseUrl: 'https://hooks.slack.invalid/commands/1',
  });
  const args: CommandArgs = {
    ...common(world, recorded),
    payload: command,
    command,
    body: command,
    ack: ack(recorded) as CommandArgs['ack'],
    respond: respond(recorded),
  };
  return { args, recorded };
}

/** A click by `userId` on the button `actionId` (with `value`) of a message in the approvals channel. */
export function aButtonClick(
  world: World,
  userId: string,
  button: { actionId: string; value: string },
): { args: ButtonArgs; recorded: Recorded } {
  const recorded = recorder();
  const action: ButtonAction = {
    type: 'button',
    action_id: button.actionId,
    block_id: 'actions',
    value: button.value,
    text: { type: 'plain_text', text: 'Button' },
    action_ts: '1.000002',
  };
  // The driver's builder returns any block action; this one carries the button above.
  const body = messageBlockActionPayload(forUser(userId), {
    action,
    channel: { id: 'C0APPROVALS', name: 'approvals' },
    message: { ts: '1.000001', text: 'message' },
    isEphemeral: false,
    triggerId: 'trigger-click',
    responseUrl: 'https://hooks.slack.invalid/actions/1',
  }) as BlockAction<ButtonAction>;
  const args: ButtonArgs = {
    ...common(world, recorded),
    payload: action,
    action,
    body,
    ack: ack(recorded) as ButtonArgs['ack'],
    respond: respond(recorded),
  };
  return { args, recorded };
}

/** A submission by `userId` of `modal` (one the bot's views built) with the inputs' `values`. */
export function aSubmission(
  world: World,
  userId: string,
  modal: ModalView,
  values: ViewOutput['state']['values'] = {},
): { args: SubmitArgs; recorded: Recorded } {
  const recorded = recorder();
  const view: ViewOutput = {
    id: 'V0SUBMITTED',
    callback_id: modal.callback_id ?? '',
    team_id: context.team.id,
    app_id: context.appId,
    bot_id: 'B0MFARESET',
    title: { type: 'plain_text', text: modal.title.text },
    type: 'modal',
    blocks: modal.blocks,
    close: null,
    submit: null,
    state: { values },
    hash: 'hash-1',
    private_metadata: modal.private_metadata ?? '',
    root_view_id: 'V0SUBMITTED',
    previous_view_id: null,
    clear_on_close: false,
    notify_on_close: false,
  };
  const body = viewSubmissionPayload(forUser(userId), { view, triggerId: 'trigger-submit' });
  const args: SubmitArgs = {
    ...common(world, recorded),
    payload: view,
    view,
    body,
    ack: ack(recorded) as SubmitArgs['ack'],
    respond: respond(recorded),
  };
  return { args, recorded };
}

/** `userId` opening their App Home (`tab: 'home'`) or the bot's messages (`tab: 'messages'`). */
export function aHomeOpened(
  world: World,
  userId: string,
  tab: 'home' | 'messages' = 'home',
): { args: HomeOpenedArgs; recorded: Recorded } {
  const recorded = recorder();
  const body = appHomeOpenedPayload(forUser(userId), {
    botUserId: 'U0MFABOT',
    channel: 'D0BOT',
    tab,
    eventTs: '1.000001',
  });
  const args: HomeOpenedArgs = {
    ...common(world, recorded),
    payload: body.event,
    event: body.event,
    body,
  };
  return { args, recorded };
}

/** The listeners' context over a unit world: its use cases, rules and logger. */
export function aListenerContext(world: World, overrides: Partial<ListenerContext> = {}): ListenerContext {
  const review = createAuditReview(world.deps);
  return {
    requests: world.requests,
    approvals: world.approvals,
    cancels: createCancelService(world.deps),
    confirmations: createConfirmationService(world.deps),
    memberRequests: createMemberRequests(world.deps),
    replays: createReplayGuard(world.deps),
    replayKeySecret: 'unit-replay-secret',
    review,
    exporter: createAuditExport({ ...world.deps, review }),
    home: createHomeService({
      ...world.deps,
      chain: new InMemoryChain(),
      publisher: { publish: async () => {} },
    }),
    rules: world.rules,
    commandLimits: createCommandLimits(world.deps),
    logger: world.logger,
    submissionDeadlineMs: 2_500,
    submissions: newSubmissionWorkload(),
    ...overrides,
  };
}
