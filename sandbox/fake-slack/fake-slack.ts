import type { Server } from 'node:http';
import { ChangeFeed, type WaitOptions } from './change-feed.js';
import { SlackIds } from './ids.js';
import { chatMethods, messageObject } from './methods/chat.js';
import { directoryMethods } from './methods/directory.js';
import { fileMethods } from './methods/files.js';
import { failure } from './methods/method.js';
import { closeView, viewMethods } from './methods/views.js';
import { type CallQuery, type FakeSlackOptions, identityFrom } from './options.js';
import { listen } from './server.js';
import { SocketModeServer } from './socket-mode.js';
import type {
  FakeChannel,
  FakeFile,
  FakeMessage,
  FakeUser,
  FakeUserGroup,
  FakeView,
  RecordedCall,
  RecordedResponse,
  ResponseUrlContext,
  SlackApiResponse,
} from './types.js';
import { applySubmissionAck, type SubmissionOutcome } from './view-lifecycle.js';
import { type BotIdentity, Workspace } from './workspace.js';

/**
 * A fake Slack Web API over real HTTP: the app's own WebClient talks to it (`slackApiUrl: fake.apiUrl`).
 * It records every call, answers like Slack, and rejects what Slack rejects. It also keeps what Slack
 * would show people (messages, modals, App Home), for the tests to check and the sandbox's page to draw.
 */
export class FakeSlack {
  private readonly injectedFailures = new Map<string, SlackApiResponse[]>();
  private readonly changes = new ChangeFeed();

  /** Slack's side of Socket Mode: connections the app opens, envelopes to it, `disconnect`. */
  readonly socketMode: SocketModeServer;

  private constructor(
    private readonly workspace: Workspace,
    private readonly server: Server,
    /** `http://127.0.0.1:PORT` */
    readonly url: string,
  ) {
    this.socketMode = new SocketModeServer(workspace, server);
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const now = options.now ?? Date.now;
    const workspace = new Workspace(identityFrom(options), options.directory ?? {}, now, new SlackIds(now));
    let fake: FakeSlack | undefined;
    const { server, url } = await listen({
      workspace,
      handlers: { ...chatMethods, ...viewMethods, ...directoryMethods, ...fileMethods },
      takeInjectedFailure: (method) => fake?.injectedFailures.get(method)?.shift(),
      onRecord: () => fake?.changes.notify(),
      openSocketConnection: (token) =>
        fake?.socketMode.openConnection(token) ?? failure('service_unavailable'),
    });
    fake = new FakeSlack(workspace, server, url);
    return fake;
  }

  /** The value for Bolt's `clientOptions.slackApiUrl` (WebClient appends the method name). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  get identity(): Readonly<BotIdentity> {
    return this.workspace.identity;
  }

  // --- Directory -------------------------------------------------------------------------------------

  addUser(user: FakeUser): void {
    this.workspace.users.set(user.id, { ...user });
  }

  addUserGroup(group: FakeUserGroup): void {
    this.workspace.userGroups.set(group.id, { ...group, users: [...group.users] });
  }

  addChannel(channel: FakeChannel): void {
    this.workspace.channels.set(channel.id, { ...channel });
  }

  user(userId: string): FakeUser | undefined {
    return this.workspace.users.get(userId);
  }

  /** The `channel_name` Slack puts in payloads: the channel's name, `directmessage` for a DM. */
  channelName(channelId: string): string {
    return this.workspace.channelName(channelId);
  }

  /** A stored message as Slack describes it in payloads and API answers. */
  messageObject(message: FakeMessage): Record<string, unknown> & { ts: string } {
    return { ...messageObject(message, this.workspace.identity), ts: message.ts };
  }

  // --- What the app did ------------------------------------------------------------------------------

  /** Recorded calls, of one method or all; `since` skips the first calls (see `callCount()`). */
  calls(method?: string, options: { since?: number } = {}): RecordedCall[] {
    return this.workspace.calls
      .slice(options.since ?? 0)
      .filter((call) => method === undefined || call.method === method);
  }

  callCount(): number {
    return this.workspace.calls.length;
  }

  /** Resolves with the first matching call, waiting for it if it has not arrived yet. */
  waitForCall(method: string, query: CallQuery = {}): Promise<RecordedCall> {
    return this.waitFor(
      () =>
        this.workspace.calls
          .slice(query.since ?? 0)
          .find((call) => call.method === method && (query.where?.(call) ?? true)),
      { ...query, description: `a ${method} call` },
    );
  }

  /** Resolves when `probe` returns something other than undefined; it is re-run on every change. */
  waitFor<T>(probe: () => T | undefined, options: WaitOptions & { description?: string } = {}): Promise<T> {
    return this.changes.waitFor(probe, options);
  }

  /** The modal most recently opened, pushed or updated. */
  lastView(): FakeView | undefined {
    return this.workspace.views.get(this.workspace.lastViewId ?? '');
  }

  viewById(viewId: string): FakeView | undefined {
    return this.workspace.views.get(viewId);
  }

  /** The open views of the modal `viewId` belongs to, bottom first; the last one is what the user sees. */
  viewStack(viewId: string): FakeView[] {
    const ids = this.workspace.stackOf(viewId) ?? [];
    return ids.flatMap((id) => this.workspace.views.get(id) ?? []);
  }

  /**
   * The modal `userId` has on screen: the views of its stack, bottom first (the last is the one
   * shown), or an empty list when none is open. Slack shows one modal at a time.
   */
  openModalOf(userId: string): FakeView[] {
    const latest = [...this.workspace.views.values()].findLast(
      (view) => view.userId === userId && view.isOpen,
    );
    return latest === undefined ? [] : this.viewStack(latest.id);
  }

  /** The App Home tab last published for a user. */
  homeViewOf(userId: string): FakeView | undefined {
    return this.workspace.homeViews.get(userId);
  }

  /** Messages in a channel (id or `#name`) or a DM, oldest first, including ephemeral ones; not deleted ones. */
  messagesIn(channel: string): FakeMessage[] {
    const channelId = this.workspace.resolveChannel(channel)?.id ?? channel;
    return this.workspace.messages.filter((message) => message.channel === channelId && !message.deleted);
  }

  /** Files the app shared through the external upload flow, oldest first. */
  files(): FakeFile[] {
    return [...this.workspace.files];
  }

  /** What the bot sent a user in its DM (the App Home messages tab). */
  dmsTo(userId: string): FakeMessage[] {
    return this.messagesIn(SlackIds.dmChannelFor(userId));
  }

  /** Ephemeral messages only `userId` saw, from chat.postEphemeral or a response_url. */
  ephemeralsTo(userId: string): FakeMessage[] {
    return this.workspace.messages.filter((message) => message.ephemeralTo === userId && !message.deleted);
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    const channelId = this.workspace.resolveChannel(channel)?.id ?? channel;
    return this.workspace.findMessage(channelId, ts);
  }

  /** What the app posted to response_urls: all of them, one url (or its id), or those of one user. */
  responsesTo(target?: string | { userId?: string; channelId?: string }): RecordedResponse[] {
    return this.workspace.responsesTo(target);
  }

  // --- Interaction plumbing (the driver uses these) -------------------------------------------------

  /**
   * A trigger_id as Slack puts in an interaction payload; it can open one view within 3 s.
   * `ageMs` hands the app a trigger that is already that old (over 3000 is stale).
   */
  issueTriggerId(options: { userId: string; ageMs?: number; viewId?: string }): string {
    return this.workspace.issueTrigger({
      userId: options.userId,
      issuedAt: this.workspace.now() - (options.ageMs ?? 0),
      ...(options.viewId !== undefined && { viewId: options.viewId }),
    });
  }

  issueResponseUrl(context: ResponseUrlContext): string {
    const id = this.workspace.ids.responseUrlId();
    this.workspace.responseUrls.set(id, { ...context });
    return `${this.url}/response/${id}`;
  }

  /** Applies the app's answer to a view_submission (close, errors, update, push, clear). */
  applySubmissionAck(viewId: string, ack: unknown): SubmissionOutcome {
    const outcome = applySubmissionAck(this.workspace, viewId, ack);
    this.changes.notify();
    return outcome;
  }

  /** The user closed the modal (Cancel / ×); `clear_on_close` closes the whole stack. */
  closeView(viewId: string): void {
    const fakeView = this.workspace.views.get(viewId);
    closeView(this.workspace, viewId, { wholeModal: fakeView?.view.clear_on_close ?? false });
    this.changes.notify();
  }

  /** The next call of `method` answers `{ ok: false, error, ...extra }` instead of doing anything. */
  failNext(method: string, error: string, extra: Record<string, unknown> = {}): void {
    const queue = this.injectedFailures.get(method) ?? [];
    queue.push(failure(error, extra));
    this.injectedFailures.set(method, queue);
  }

  /** Forgets calls, messages, views, triggers and injected failures; the directory returns to its seed. */
  reset(): void {
    this.workspace.reset();
    this.injectedFailures.clear();
    this.changes.notify();
  }

  /**
   * Calls `listener` after anything changes: a Web API call or response_url post recorded, a
   * submission applied, a modal closed, a reset. Returns the function that stops it.
   */
  onChange(listener: () => void): () => void {
    return this.changes.onChange(listener);
  }

  async close(): Promise<void> {
    this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }
}

export function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return FakeSlack.start(options);
}
