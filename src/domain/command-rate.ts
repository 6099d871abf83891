/**
 * How many `/mfa-reset` commands one member may send in a minute. Each command can cost IAM calls
 * and audit events, so a member who sends them without end (a script, a stuck key) is refused
 * after `perMinute` in any 60 s, until the oldest of them is a minute old. The refusal is audited
 * once per window, not once per command, so refusals cannot flood the trail either.
 *
 * Counted per bot process: with N replicas a member may get up to N × perMinute through.
 */

const WINDOW_MS = 60_000;

export type CommandAdmission =
  | { readonly admitted: true }
  | {
      readonly admitted: false;
      /** Seconds until a command is admitted again. */
      readonly retryAfterSeconds: number;
      /** The first refusal since the member was last admitted: the one to audit. */
      readonly firstRefusal: boolean;
    };

export class CommandRateLimit {
  /** Per member, the times of the commands admitted in the last minute, oldest first. */
  private readonly admitted = new Map<string, number[]>();
  /** Members refused since they were last admitted. */
  private readonly refused = new Set<string>();

  constructor(private readonly perMinute: number) {}

  admit(slackUserId: string, now: Date): CommandAdmission {
    const at = now.getTime();
    this.forgetOlderThan(at - WINDOW_MS);
    const times = this.admitted.get(slackUserId) ?? [];
    if (times.length < this.perMinute) {
      times.push(at);
      this.admitted.set(slackUserId, times);
      this.refused.delete(slackUserId);
      return { admitted: true };
    }
    const firstRefusal = !this.refused.has(slackUserId);
    this.refused.add(slackUserId);
    const oldest = times[0] ?? at;
    return {
      admitted: false,
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - at) / 1000)),
      firstRefusal,
    };
  }

  /** Drops what is older than a minute, and members with nothing left: memory stays bounded. */
  private forgetOlderThan(cutoff: number): void {
    for (const [member, times] of this.admitted) {
      while (times.length > 0 && (times[0] ?? cutoff) <= cutoff) times.shift();
      if (times.length === 0) this.admitted.delete(member);
    }
    for (const member of this.refused) if (!this.admitted.has(member)) this.refused.delete(member);
  }
}
