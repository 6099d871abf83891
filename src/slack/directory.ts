import type { webApi } from '@slack/bolt';
import type { Clock, Directory, DirectoryUse, ProfileEmail } from '../services/ports.js';
import { slackApiError } from './errors.js';
import { createMemberReads } from './member-reads.js';

/**
 * The `Directory` port on Slack's Web API: profile e-mails (users.info, scope users:read.email) and
 * user-group members (usergroups.users.list, scope usergroups:read).
 */

/** The two Web API methods the directory calls; Bolt's `app.client` is one. */
export interface DirectoryClient {
  readonly users: Pick<webApi.WebClient['users'], 'info'>;
  readonly usergroups: { readonly users: Pick<webApi.WebClient['usergroups']['users'], 'list'> };
}

export interface SlackDirectoryOptions {
  readonly client: DirectoryClient;
  readonly clock: Clock;
  /**
   * How long a group's members are reused for display. Decisions (who may approve) always read
   * Slack, so a member removed from an approvers group cannot approve a moment later.
   */
  readonly groupCacheTtlMs?: number;
}

interface CachedGroup {
  readonly expiresAtMs: number;
  readonly members: Promise<readonly string[]>;
}

export function createSlackDirectory(options: SlackDirectoryOptions): Directory {
  const { client, clock } = options;
  const ttlMs = options.groupCacheTtlMs ?? 60_000;
  const groups = new Map<string, CachedGroup>();
  const members = createMemberReads({ client, clock, ttlMs });

  /**
   * The e-mail on the member's profile and whether Slack says it is confirmed (users.info's
   * `is_email_confirmed`, missing counting as not confirmed); undefined for unknown, deactivated
   * and bot accounts and members without an address. The mapping decides what to trust.
   */
  async function profileEmail(slackUserId: string): Promise<ProfileEmail | undefined> {
    const user = await members.read(slackUserId, 'decision');
    if (user === undefined || user.deleted === true || user.is_bot === true) return undefined;
    const address = user.profile?.email;
    if (typeof address !== 'string' || address === '') return undefined;
    return { address, confirmed: user.is_email_confirmed === true };
  }

  async function fetchMembers(userGroupId: string): Promise<readonly string[]> {
    try {
      const response = await client.usergroups.users.list({ usergroup: userGroupId });
      return Object.freeze([...(response.users ?? [])]);
    } catch (error) {
      throw slackApiError('usergroups.users.list', error);
    }
  }

  /**
   * Members of a user group. For a `decision`, always from Slack (a success refreshes the cache);
   * for a `display`, from Slack at most once per TTL, concurrent callers sharing one call. A failed
   * call is never cached, so the next caller asks Slack again.
   */
  function userGroupMembers(userGroupId: string, use: DirectoryUse): Promise<readonly string[]> {
    const nowMs = clock.now().getTime();
    if (use === 'decision') {
      const members = fetchMembers(userGroupId);
      const entry: CachedGroup = { expiresAtMs: nowMs + ttlMs, members };
      // The caller gets the failure itself; this branch only keeps failures out of the cache.
      members.then(
        () => groups.set(userGroupId, entry),
        () => undefined,
      );
      return members;
    }
    const cached = groups.get(userGroupId);
    if (cached !== undefined && nowMs < cached.expiresAtMs) return cached.members;
    const entry: CachedGroup = { expiresAtMs: nowMs + ttlMs, members: fetchMembers(userGroupId) };
    groups.set(userGroupId, entry);
    entry.members.catch(() => {
      if (groups.get(userGroupId) === entry) groups.delete(userGroupId);
    });
    return entry.members;
  }

  /** users.info's `deleted`; a member Slack does not know is not reported as deactivated. */
  async function isDeactivated(slackUserId: string, use: DirectoryUse): Promise<boolean> {
    return (await members.read(slackUserId, use))?.deleted === true;
  }

  return { profileEmail, isDeactivated, userGroupMembers };
}
