import type { Server } from 'node:http';
import { SlackIds } from './ids.js';
import { chatMethods, messageObject } from './methods/chat.js';
import { directoryMethods } from './methods/directory.js';
import { fileMethods } from './methods/files.js';
import { failure } from './methods/method.js';
import { closeView, viewMethods } from './methods/views.js';
import { listen } from './server.js';
import type {
  DirectorySeed,
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

/** The bot scopes of manifest.yml; a test can narrow them to see how the app copes with a missing scope. */
export const MANIFEST_BOT_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'users:read',
  'users:read.email',
  'usergroups:read',
  'files:write',
] as const;

export interface FakeSlackOptions extends Partial<BotIdentity> {
  directory?: DirectorySeed;
  /** The fake's clock in milliseconds (trigger_id expiry, message ts, `at`); Date.now by default. */
  now?: () => number;
}

export interface WaitOptions {
  /** Give up after this long (real time); 2 s by default. */
  timeoutMs?: number;
}

export interface CallQuery extends WaitOptions {
  where?: (call: RecordedCall) => boolean;
  /** Only calls recorded after this many calls in total (see `callCount()`). */
  since?: number;
}

/**
 * A fake Slack Web API over real HTTP: the app's own WebClient talks to it (`slackApiUrl: fake.apiUrl`).
 * It records every call, answers like Slack, and rejects what Slack rejects.
 */
export class FakeSlack {
  private readonly injectedFailures = new Map<string, SlackApiResponse[]>();
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly workspace: Workspace,
    private readonly server: Server,
    /** `http://127.0.0.1:PORT` */
    readonly url: string,
  ) {}

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const now = options.now ?? Date.now;
    const identity: BotIdentity = {
      teamId: options.teamId ?? 'T0FAKETEAM',
      teamDomain: options.teamDomain ?? 'fake-team',
      botUserId: options.botUserId ?? 'U0MFABOT',
      botId: options.botId ?? 'B0MFABOT',
      appId: options.appId ?? 'A0MFARESET',
      botToken: options.botToken ?? 'xoxb-fake-bot-token',
      scopes: options.scopes ?? MANIFEST_BOT_SCOPES,
    };
    const workspace = new Workspace(identity, options.directory ?? {}, now, new SlackIds(now));
    let fake: FakeSlack | undefined;
    const { server, url } = await listen({
      workspace,
      handlers: { ...chatMethods, ...viewMethods, ...directoryMethods, ...fileMethods },
      takeInjectedFailure: (method) => fake?.injectedFailures.get(method)?.shift(),
      onRecord: () => fake?.notifyWaiters(),
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

  /**
   * Deactivates a member as an admin would: users.info then reports `deleted: true`. Slack still
   * accepts DMs to them (the conversation survives), so chat.postMessage does not fail.
   */
  deactivateUser(userId: string): void {
    const user = this.workspace.users.get(userId);
    if (user === undefined) throw new Error(`no member ${userId} in the fake workspace`);
    user.deleted = true;
  }

  user(userId: string): FakeUser | undefined {
    return this.workspace.users.get(userId);
  }

  /** The `channel_name` Slack puts in payloads: the channel's name, `directmessage` for a DM. */
  channelName(channelId: string): string {
    const resolved = this.workspace.resolveChannel(channelId);
    if (resolved === undefined) return 'unknown';
    return resolved.kind === 'dm' ? 'directmessage' : resolved.channel.name;
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

  /** Resolves when `probe` returns something other than undefined; it is re-run on every call and response. */
  waitFor<T>(probe: () => T | undefined, options: WaitOptions & { description?: string } = {}): Promise<T> {
    const found = probe();
    if (found !== undefined) return Promise.resolve(found);
    const timeoutMs = options.timeoutMs ?? 2000;
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`fake Slack: no ${options.description ?? 'match'} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** The modal most recently opened, pushed or updated. */
  lastView(): FakeView | undefined {
    return this.workspace.lastViewId === undefined
      ? undefined
      : this.workspace.views.get(this.workspace.lastViewId);
  }

  viewById(viewId: string): FakeView | undefined {
    return this.workspace.views.get(viewId);
  }

  /** The open views of the modal `viewId` belongs to, bottom first; the last one is what the user sees. */
  viewStack(viewId: string): FakeView[] {
    const ids = this.workspace.stackOf(viewId) ?? [];
    return ids.flatMap((id) => this.workspace.views.get(id) ?? []);
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
    return this.workspace.responses.filter((response) => {
      if (target === undefined) return true;
      if (typeof target === 'string') return response.url === target || response.id === target;
      return (
        (target.userId === undefined || response.context.userId === target.userId) &&
        (target.channelId === undefined || response.context.channelId === target.channelId)
      );
    });
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
    this.notifyWaiters();
    return outcome;
  }

  /** The user closed the modal (Cancel / ×); `clear_on_close` closes the whole stack. */
  closeView(viewId: string): void {
    const fakeView = this.workspace.views.get(viewId);
    closeView(this.workspace, viewId, { wholeModal: fakeView?.view.clear_on_close ?? false });
  }

  // --- Control -------------------------------------------------------------------------------------

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
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private notifyWaiters(): void {
    for (const check of [...this.waiters]) check();
  }
}

export function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return FakeSlack.start(options);
}
