import type { webApi } from '@slack/bolt';
import type { Clock, Directory } from '../services/ports.js';
import { slackApiError, slackErrorOf } from './errors.js';

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
   * How long a group's members are reused. Group membership decides who may approve, so this is
   * also how long a member removed from an approvers group can still approve; keep it short.
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

  /**
   * The e-mail on the member's profile, or undefined when there is none to trust: unknown,
   * deactivated or bot accounts, and addresses Slack has not confirmed (an unconfirmed address
   * could name someone else's IAM user through the e-mail mapping).
   */
  async function profileEmail(slackUserId: string): Promise<string | undefined> {
    let response: webApi.UsersInfoResponse;
    try {
      response = await client.users.info({ user: slackUserId });
    } catch (error) {
      if (slackErrorOf(error) === 'user_not_found') return undefined;
      throw slackApiError('users.info', error);
    }
    const user = response.user;
    if (user === undefined || user.deleted === true || user.is_bot === true) return undefined;
    if (user.is_email_confirmed === false) return undefined;
    const email = user.profile?.email;
    return typeof email === 'string' && email !== '' ? email : undefined;
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
   * Members of a user group, from Slack at most once per TTL. Concurrent callers share one call;
   * a failed call is not cached, so the next caller asks Slack again.
   */
  function userGroupMembers(userGroupId: string): Promise<readonly string[]> {
    const nowMs = clock.now().getTime();
    const cached = groups.get(userGroupId);
    if (cached !== undefined && nowMs < cached.expiresAtMs) return cached.members;
    const entry: CachedGroup = { expiresAtMs: nowMs + ttlMs, members: fetchMembers(userGroupId) };
    groups.set(userGroupId, entry);
    entry.members.catch(() => {
      if (groups.get(userGroupId) === entry) groups.delete(userGroupId);
    });
    return entry.members;
  }

  return { profileEmail, userGroupMembers };
}
