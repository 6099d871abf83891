import type { BlockAction, EnvelopedEvent, SlashCommand, ViewClosedAction, ViewOutput } from '@slack/bolt';
import type { AppHomeOpenedEvent } from '@slack/types';
import { dmChannelFor } from '../fake-slack/index.js';
import {
  appHomeOpenedPayload,
  messageBlockActionPayload,
  type PayloadContext,
  payloadContext,
  slashCommandForm,
  slashCommandPayload,
  viewBlockActionPayload,
  viewClosedPayload,
  viewSubmissionPayload,
} from './payloads.js';
import { buildStateValues, type UserInputs } from './state-values.js';
import { touchedElement } from './touch.js';
import type {
  BlockActionInput,
  DriverResponse,
  SendOptions,
  SlackDriverOptions,
  SlashCommandInput,
  ViewSubmissionInput,
  ViewSubmissionResponse,
} from './types.js';
import { retryHeaders, sendToApp, slackHeaders } from './wire.js';

/** Plays Slack's part towards the bot: signed requests shaped like Slack's, to `POST /slack/events`. */
export class SlackDriver {
  private readonly now: () => number;

  constructor(private readonly options: SlackDriverOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A slash command, form-encoded, with a fresh trigger_id and a response_url on the fake. */
  async slashCommand(
    input: SlashCommandInput,
    send: SendOptions = {},
  ): Promise<DriverResponse<SlashCommand>> {
    const { slack } = this.options;
    const payload = slashCommandPayload(this.context(input.userId), {
      command: input.command ?? '/mfa-reset',
      text: input.text ?? '',
      channel: { id: input.channelId, name: slack.channelName(input.channelId) },
      triggerId: slack.issueTriggerId({ userId: input.userId, ageMs: input.triggerAgeMs ?? 0 }),
      responseUrl: slack.issueResponseUrl({ userId: input.userId, channelId: input.channelId }),
    });
    const body = slashCommandForm(payload);
    return this.post({ body, contentType: 'application/x-www-form-urlencoded', sent: payload }, send);
  }

  /** A click on (or a choice in) an element of a message or modal the app put up. */
  async blockAction(input: BlockActionInput, send: SendOptions = {}): Promise<DriverResponse<BlockAction>> {
    const payload =
      'message' in input
        ? this.messageAction(input)
        : 'home' in input
          ? this.homeAction(input)
          : this.viewAction(input);
    return this.postInteraction(payload, send);
  }

  /** Submits a modal the fake holds, with `inputs` put in Slack's `state.values` shape. */
  async viewSubmission(input: ViewSubmissionInput, send: SendOptions = {}): Promise<ViewSubmissionResponse> {
    const { slack } = this.options;
    const fakeView = this.visibleView(input.viewId, input.userId);
    if (fakeView.view.submit === null) throw new Error(`view ${input.viewId} has no submit button`);
    const values = buildStateValues(fakeView.view, input.inputs ?? {}, {
      requireFilled: input.forged !== true,
    });
    const view: ViewOutput = { ...structuredClone(fakeView.view), state: { values } };
    const payload = viewSubmissionPayload(this.context(fakeView.userId), {
      view,
      triggerId: slack.issueTriggerId({ userId: fakeView.userId, viewId: fakeView.id }),
    });
    const response = await this.postInteraction(payload, send);
    const outcome =
      response.status === 200
        ? slack.applySubmissionAck(
            fakeView.id,
            response.body ?? (response.text === '' ? undefined : response.text),
          )
        : {
            accepted: false,
            problems: [
              response.timedOut
                ? `operation_timeout: the app did not answer within ${send.timeoutMs} ms`
                : `the app answered HTTP ${response.status}`,
            ],
          };
    return { ...response, outcome };
  }

  /** The user closes the modal; Slack tells the app only when the view set `notify_on_close`. */
  async viewClosed(
    input: { viewId: string; userId?: string },
    send: SendOptions = {},
  ): Promise<DriverResponse<ViewClosedAction> | undefined> {
    const fakeView = this.visibleView(input.viewId, input.userId);
    const view = structuredClone(fakeView.view);
    this.options.slack.closeView(fakeView.id);
    if (!view.notify_on_close) return undefined;
    const payload = viewClosedPayload(this.context(fakeView.userId), {
      view,
      isCleared: view.clear_on_close,
    });
    return this.postInteraction(payload, send);
  }

  /** The Events API `app_home_opened` event, sent as JSON like every event callback. */
  async appHomeOpened(
    input: { userId: string; tab?: 'home' | 'messages' },
    send: SendOptions = {},
  ): Promise<DriverResponse<EnvelopedEvent<AppHomeOpenedEvent>>> {
    const { slack } = this.options;
    const homeView = slack.homeViewOf(input.userId)?.view;
    const payload = appHomeOpenedPayload(this.context(input.userId), {
      botUserId: slack.identity.botUserId,
      channel: dmChannelFor(input.userId),
      tab: input.tab ?? 'home',
      eventTs: this.actionTs(),
      ...(homeView !== undefined && { view: homeView }),
    });
    return this.post({ body: JSON.stringify(payload), contentType: 'application/json', sent: payload }, send);
  }

  /** A request sent before, byte for byte with its signature: a capture replayed within 5 minutes. */
  replay<Payload>(previous: DriverResponse<Payload>): Promise<DriverResponse<Payload>> {
    return sendToApp(this.options, { ...previous.wire, sent: previous.sent });
  }

  /** Slack retrying an Events API delivery: the same body, signed afresh, with the retry headers. */
  retry<Payload>(previous: DriverResponse<Payload>, attempt = 1): Promise<DriverResponse<Payload>> {
    const { signingSecret } = this.options;
    const headers = retryHeaders({ previous: previous.wire, signingSecret, nowMs: this.now(), attempt });
    return sendToApp(this.options, { body: previous.wire.body, headers, sent: previous.sent });
  }

  /** Anything else, signed like Slack signs (or tampered with): for hand-made payloads. */
  async sendRaw(
    request: { body: string; contentType: string },
    send: SendOptions = {},
  ): Promise<DriverResponse<string>> {
    return this.post({ ...request, sent: request.body }, send);
  }

  private messageAction(input: BlockActionInput & { message: { channel: string; ts: string } }): BlockAction {
    const { slack } = this.options;
    const message = slack.message(input.message.channel, input.message.ts);
    if (message === undefined) throw new Error(`no message ${input.message.ts} in ${input.message.channel}`);
    if (message.ephemeralTo !== undefined && message.ephemeralTo !== input.userId) {
      throw new Error(
        `message ${message.ts} is ephemeral to ${message.ephemeralTo}; ${input.userId} cannot see it`,
      );
    }
    const action = this.action(message.blocks, input);
    return messageBlockActionPayload(this.context(input.userId), {
      action,
      message: slack.messageObject(message),
      channel: { id: message.channel, name: slack.channelName(message.channel) },
      isEphemeral: message.ephemeralTo !== undefined,
      triggerId: slack.issueTriggerId({ userId: input.userId, ageMs: input.triggerAgeMs ?? 0 }),
      responseUrl: slack.issueResponseUrl({
        userId: input.userId,
        channelId: message.channel,
        messageTs: message.ts,
      }),
    });
  }

  private viewAction(input: BlockActionInput & { viewId: string; inputs?: UserInputs }): BlockAction {
    const { slack } = this.options;
    const fakeView = this.visibleView(input.viewId, input.userId);
    const values = buildStateValues(fakeView.view, input.inputs ?? {}, { requireFilled: false });
    const view: ViewOutput = { ...structuredClone(fakeView.view), state: { values } };
    return viewBlockActionPayload(this.context(input.userId), {
      action: this.action(view.blocks, input),
      view,
      triggerId: slack.issueTriggerId({
        userId: input.userId,
        ageMs: input.triggerAgeMs ?? 0,
        viewId: view.id,
      }),
    });
  }

  /** A click on the user's published Home tab: like a modal's, but its trigger can only open a modal. */
  private homeAction(input: BlockActionInput): BlockAction {
    const { slack } = this.options;
    const home = slack.homeViewOf(input.userId);
    if (home === undefined) throw new Error(`no Home tab is published for ${input.userId}`);
    const view = structuredClone(home.view);
    return viewBlockActionPayload(this.context(input.userId), {
      action: this.action(view.blocks, input),
      view,
      triggerId: slack.issueTriggerId({ userId: input.userId, ageMs: input.triggerAgeMs ?? 0 }),
    });
  }

  /** The action payload for the element the user touched; throws when no such element is on screen. */
  private action(blocks: readonly unknown[], input: BlockActionInput) {
    return touchedElement(blocks, input, this.actionTs());
  }

  private visibleView(viewId: string, userId: string | undefined) {
    const { slack } = this.options;
    const fakeView = slack.viewById(viewId);
    if (fakeView === undefined) throw new Error(`the fake Slack holds no view ${viewId}`);
    if (userId !== undefined && userId !== fakeView.userId) {
      throw new Error(`view ${viewId} was opened for ${fakeView.userId}, not ${userId}`);
    }
    if (slack.viewStack(viewId).at(-1)?.id !== viewId) throw new Error(`view ${viewId} is not on screen`);
    return fakeView;
  }

  private context(userId: string): PayloadContext {
    return payloadContext(this.options.slack, userId);
  }

  private actionTs(): string {
    return (this.now() / 1000).toFixed(6);
  }

  private postInteraction<Payload>(payload: Payload, send: SendOptions): Promise<DriverResponse<Payload>> {
    // Interactions arrive form-encoded, the JSON in a single `payload` field.
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post({ body, contentType: 'application/x-www-form-urlencoded', sent: payload }, send);
  }

  private post<Payload>(
    request: { body: string; contentType: string; sent: Payload },
    send: SendOptions,
  ): Promise<DriverResponse<Payload>> {
    const { signingSecret } = this.options;
    const headers = slackHeaders({ ...request, signingSecret, nowMs: this.now(), tamper: send.tamper });
    return sendToApp(this.options, { body: request.body, headers, sent: request.sent }, send.timeoutMs);
  }
}

export function createSlackDriver(options: SlackDriverOptions): SlackDriver {
  return new SlackDriver(options);
}
