import { SlackIds } from './ids.js';
import type {
  DirectorySeed,
  FakeChannel,
  FakeFile,
  FakeMessage,
  FakeUpload,
  FakeUser,
  FakeUserGroup,
  FakeView,
  RecordedCall,
  RecordedResponse,
  ResponseUrlContext,
} from './types.js';

/** Who the bot is in the fake workspace, as auth.test reports it. */
export interface BotIdentity {
  teamId: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  appId: string;
  botToken: string;
  /** The app-level token (`xapp-…`, scope `connections:write`) that opens Socket Mode connections. */
  appToken: string;
  /** Scopes granted to the bot token; a method needing another answers `missing_scope`. */
  scopes: readonly string[];
}

export interface IssuedTrigger {
  userId: string;
  issuedAt: number;
  exchanged: boolean;
  /** The modal the interaction happened in, so views.push knows which stack to push onto. */
  viewId?: string;
}

/** Slack lets a trigger_id be exchanged for a view for 3 seconds. */
export const TRIGGER_LIFETIME_MS = 3000;

/** Slack keeps at most 3 views in a modal's stack. */
export const MAX_VIEW_STACK = 3;

export type ResolvedChannel =
  | { id: string; kind: 'channel'; channel: FakeChannel }
  | { id: string; kind: 'dm'; userId: string };

/** Everything the fake Slack knows: the directory it was seeded with and what the app has done since. */
export class Workspace {
  readonly users = new Map<string, FakeUser>();
  readonly userGroups = new Map<string, FakeUserGroup>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages: FakeMessage[] = [];
  readonly views = new Map<string, FakeView>();
  /** Root view id → ids of the views stacked in that modal, bottom first. */
  readonly viewStacks = new Map<string, string[]>();
  readonly homeViews = new Map<string, FakeView>();
  readonly triggers = new Map<string, IssuedTrigger>();
  /**
   * When the Web API call being answered reached Slack, if a front door on another thread said so
   * (RECEIVED_AT_HEADER): a trigger's 3 s end when Slack receives the call, not when the fake, busy
   * on this thread, gets around to reading it.
   */
  callArrivedAt: number | undefined;
  readonly responseUrls = new Map<string, ResponseUrlContext>();
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly uploads = new Map<string, FakeUpload>();
  readonly files: FakeFile[] = [];
  /** Id of the view most recently opened, pushed or updated. */
  lastViewId: string | undefined;
  /** `http://127.0.0.1:PORT`, once the server listens: upload URLs point there. */
  baseUrl = '';

  constructor(
    readonly identity: BotIdentity,
    private readonly seed: DirectorySeed,
    readonly now: () => number,
    readonly ids: SlackIds,
  ) {
    this.loadDirectory();
  }

  reset(): void {
    this.messages.length = 0;
    this.views.clear();
    this.viewStacks.clear();
    this.homeViews.clear();
    this.triggers.clear();
    this.responseUrls.clear();
    this.calls.length = 0;
    this.responses.length = 0;
    this.uploads.clear();
    this.files.length = 0;
    this.lastViewId = undefined;
    this.ids.reset();
    this.loadDirectory();
  }

  /** Channel id, `#name`, a user id (= their DM) or a DM id → where a message lands. */
  resolveChannel(reference: string): ResolvedChannel | undefined {
    const channel = this.channels.get(reference) ?? this.channelByName(reference.replace(/^#/, ''));
    if (channel !== undefined) return { id: channel.id, kind: 'channel', channel };
    if (this.users.has(reference))
      return { id: SlackIds.dmChannelFor(reference), kind: 'dm', userId: reference };
    const dmUser = [...this.users.keys()].find((userId) => SlackIds.dmChannelFor(userId) === reference);
    return dmUser === undefined ? undefined : { id: reference, kind: 'dm', userId: dmUser };
  }

  /** The `channel_name` Slack puts in payloads: the channel's name, `directmessage` for a DM. */
  channelName(reference: string): string {
    const resolved = this.resolveChannel(reference);
    if (resolved === undefined) return 'unknown';
    return resolved.kind === 'dm' ? 'directmessage' : resolved.channel.name;
  }

  isMember(channel: ResolvedChannel, userId: string): boolean {
    if (!this.users.has(userId)) return false;
    if (channel.kind === 'dm') return channel.userId === userId;
    return channel.channel.members === undefined || channel.channel.members.includes(userId);
  }

  /** What the app posted to response_urls: all of them, one url (or its id), or those of one user. */
  responsesTo(target?: string | { userId?: string; channelId?: string }): RecordedResponse[] {
    return this.responses.filter((response) => {
      if (target === undefined) return true;
      if (typeof target === 'string') return response.url === target || response.id === target;
      return (
        (target.userId === undefined || response.context.userId === target.userId) &&
        (target.channelId === undefined || response.context.channelId === target.channelId)
      );
    });
  }

  findMessage(channelId: string, ts: string): FakeMessage | undefined {
    return this.messages.find(
      (message) => message.channel === channelId && message.ts === ts && !message.deleted,
    );
  }

  issueTrigger(trigger: Omit<IssuedTrigger, 'exchanged'>): string {
    const triggerId = this.ids.triggerId();
    this.triggers.set(triggerId, { ...trigger, exchanged: false });
    return triggerId;
  }

  /** Why Slack would refuse to exchange this trigger_id now, or undefined when it is usable. */
  triggerProblem(
    triggerId: unknown,
  ): 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' | undefined {
    const trigger = typeof triggerId === 'string' ? this.triggers.get(triggerId) : undefined;
    if (trigger === undefined) return 'invalid_trigger_id';
    if (trigger.exchanged) return 'exchanged_trigger_id';
    if ((this.callArrivedAt ?? this.now()) - trigger.issuedAt > TRIGGER_LIFETIME_MS)
      return 'expired_trigger_id';
    return undefined;
  }

  stackOf(viewId: string): string[] | undefined {
    const fakeView = this.views.get(viewId);
    return fakeView === undefined ? undefined : this.viewStacks.get(fakeView.view.root_view_id ?? viewId);
  }

  private channelByName(name: string): FakeChannel | undefined {
    return [...this.channels.values()].find((channel) => channel.name === name);
  }

  private loadDirectory(): void {
    this.users.clear();
    this.userGroups.clear();
    this.channels.clear();
    for (const user of this.seed.users ?? []) this.users.set(user.id, { ...user });
    for (const group of this.seed.userGroups ?? [])
      this.userGroups.set(group.id, { ...group, users: [...group.users] });
    for (const channel of this.seed.channels ?? []) {
      this.channels.set(channel.id, {
        ...channel,
        ...(channel.members && { members: [...channel.members] }),
      });
    }
  }
}
