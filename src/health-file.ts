/**
 * The Socket Mode bot's health, written to a small file for the container's health check: in
 * Socket Mode the bot opens no port, so the check cannot ask it; instead the bot writes what it
 * found every HEALTH_FILE_INTERVAL_MS (and at once when its Slack connection changes), and the
 * check (`node dist/healthcheck.js`, in the same container) reads it. A file older than
 * HEALTH_FILE_MAX_AGE_MS means the bot stopped writing it: stuck, which is unhealthy too.
 * Shared by the bot and the check, which imports nothing else of the bot.
 */
export interface HealthReport {
  readonly ok: boolean;
  /** Why it is unhealthy, one reason each, e.g. "Slack: the Socket Mode connection is down". */
  readonly problems: readonly string[];
  /** When the checks ran (ISO-8601). */
  readonly at: string;
}

export const HEALTH_FILE_INTERVAL_MS = 15_000;
/** Four missed writes: a bot that has not written for this long is not doing its work either. */
export const HEALTH_FILE_MAX_AGE_MS = 4 * HEALTH_FILE_INTERVAL_MS;

/** Why the report in `text` (the file's content) is unhealthy at `nowMs`, or undefined when healthy. */
export function problemIn(text: string, nowMs: number): string | undefined {
  let report: Partial<HealthReport>;
  try {
    report = JSON.parse(text) as Partial<HealthReport>;
  } catch {
    return 'the health file is not JSON';
  }
  const at = Date.parse(String(report.at));
  if (Number.isNaN(at)) return 'the health file has no time';
  if (nowMs - at > HEALTH_FILE_MAX_AGE_MS) {
    return `the bot last wrote its health at ${report.at}: it is stuck or stopped`;
  }
  if (report.ok !== true) return (report.problems ?? ['unhealthy']).join('; ');
  return undefined;
}
