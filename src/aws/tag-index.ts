import type { IamUser } from '../services/ports.js';

/**
 * IAM cannot search users by tag: finding the user who carries a member's Slack ID means reading
 * every user's tags (ListUsers, then ListUserTags per user). Done for every command of every
 * member the earlier rules do not map, that would let anyone make the bot hammer the account's IAM
 * API. So the account is read once, an index of tag → users is built from it, and every look-up
 * for a while is answered from that index: one reading at a time (concurrent look-ups share it),
 * reused for `ttlMs` after it finished, a failed reading remembered for `retryAfterMs`.
 */
export interface TagIndexOptions {
  /** How long a reading is reused after it finished (default one minute). */
  readonly ttlMs?: number;
  /** How long a failed reading is answered with its error before IAM is read again (default 10 s). */
  readonly retryAfterMs?: number;
  /** Milliseconds since the epoch; injected by tests. */
  readonly now?: () => number;
}

export interface UserTagIndex {
  /** Users whose tag `key` (compared without case, as IAM does) holds exactly `value`, by name. */
  usersWithTag(key: string, value: string): Promise<readonly IamUser[]>;
}

export const DEFAULT_TAG_INDEX_TTL_MS = 60_000;
const DEFAULT_RETRY_AFTER_MS = 10_000;

/** Lower-cased tag key → tag value → the users carrying it. */
type Index = ReadonlyMap<string, ReadonlyMap<string, readonly IamUser[]>>;

function buildIndex(users: readonly IamUser[]): Index {
  const index = new Map<string, Map<string, IamUser[]>>();
  for (const user of users) {
    for (const [key, value] of Object.entries(user.tags)) {
      const byValue = index.get(key.toLowerCase()) ?? new Map<string, IamUser[]>();
      byValue.set(value, [...(byValue.get(value) ?? []), user]);
      index.set(key.toLowerCase(), byValue);
    }
  }
  for (const byValue of index.values()) {
    for (const holders of byValue.values()) holders.sort((a, b) => a.userName.localeCompare(b.userName));
  }
  return index;
}

export function createUserTagIndex(
  readAccount: () => Promise<readonly IamUser[]>,
  options: TagIndexOptions = {},
): UserTagIndex {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? DEFAULT_TAG_INDEX_TTL_MS;
  const retryAfterMs = options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
  let current: { index: Promise<Index>; validUntilMs: number } | undefined;

  function index(): Promise<Index> {
    if (current !== undefined && now() < current.validUntilMs) return current.index;
    // Valid while it runs, so that every look-up meanwhile waits for this one reading.
    const reading = { index: readAccount().then(buildIndex), validUntilMs: Number.POSITIVE_INFINITY };
    current = reading;
    reading.index.then(
      () => {
        reading.validUntilMs = now() + ttlMs;
      },
      () => {
        reading.validUntilMs = now() + retryAfterMs;
      },
    );
    return reading.index;
  }

  return {
    async usersWithTag(key, value) {
      return (await index()).get(key.toLowerCase())?.get(value) ?? [];
    },
  };
}
