import type { webApi } from '@slack/bolt';
import type { Clock, DirectoryUse } from '../services/ports.js';
import { slackApiError, slackErrorOf } from './errors.js';

type SlackUser = NonNullable<webApi.UsersInfoResponse['user']>;

/**
 * users.info, read for a `decision` from Slack every time, for a `display` from a short cache.
 * Reads of one member that overlap share one call either way (the mapping's e-mail and the
 * deactivation check of one `/mfa-reset` ask at the same moment). Failures are never cached.
 */
export function createMemberReads(options: {
  readonly client: { readonly users: Pick<webApi.WebClient['users'], 'info'> };
  readonly clock: Clock;
  readonly ttlMs: number;
}) {
  const inFlight = new Map<string, Promise<SlackUser | undefined>>();
  const cached = new Map<string, { readonly atMs: number; readonly user: SlackUser | undefined }>();

  async function fetch(slackUserId: string): Promise<SlackUser | undefined> {
    try {
      return (await options.client.users.info({ user: slackUserId })).user;
    } catch (error) {
      if (slackErrorOf(error) === 'user_not_found') return undefined;
      throw slackApiError('users.info', error);
    }
  }

  /** The member as users.info describes them; undefined when Slack does not know them. */
  function read(slackUserId: string, use: DirectoryUse): Promise<SlackUser | undefined> {
    const nowMs = options.clock.now().getTime();
    const hit = cached.get(slackUserId);
    if (use === 'display' && hit !== undefined && nowMs - hit.atMs < options.ttlMs) {
      return Promise.resolve(hit.user);
    }
    const pending = inFlight.get(slackUserId);
    if (pending !== undefined) return pending;
    const reading = fetch(slackUserId);
    inFlight.set(slackUserId, reading);
    reading.then(
      (user) => {
        cached.set(slackUserId, { atMs: nowMs, user });
        if (cached.size > 1_000) cached.delete(cached.keys().next().value as string);
      },
      () => undefined,
    );
    void reading.finally(() => inFlight.delete(slackUserId)).catch(() => undefined);
    return reading;
  }

  return { read };
}
