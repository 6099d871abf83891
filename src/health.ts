import { rename, writeFile } from 'node:fs/promises';
import type pino from 'pino';
import { HEALTH_FILE_INTERVAL_MS, type HealthReport } from './health-file.js';

/**
 * What the bot's health means: it can take Slack's requests (in Socket Mode, its connection to
 * Slack is open; in HTTP mode Slack connects to the bot, so there is nothing of its own to watch)
 * and it can read its audit table (without it every decision fails closed). Answered by
 * `GET /healthz` in HTTP mode and written to the health file in Socket Mode (health-file.ts).
 */
export interface HealthChecks {
  /** Socket Mode: whether the WebSocket to Slack is open now. */
  readonly slackConnected?: () => boolean;
  /** One consistent read of the audit table; any failure means it cannot be read. */
  readonly readTable: () => Promise<unknown>;
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

export async function checkHealth(checks: HealthChecks, now: Date): Promise<HealthReport> {
  const problems: string[] = [];
  if (checks.slackConnected !== undefined && !checks.slackConnected()) {
    problems.push('Slack: the Socket Mode connection is down');
  }
  try {
    await checks.readTable();
  } catch (error) {
    problems.push(`DynamoDB: the audit table cannot be read (${reasonOf(error)})`);
  }
  return { ok: problems.length === 0, problems, at: now.toISOString() };
}

export interface HealthFileWriter {
  /** Checks now and writes the file (also when the Slack connection changes). */
  refresh(): Promise<void>;
  stop(): void;
}

/** Writes the health file now and every HEALTH_FILE_INTERVAL_MS, replacing it whole each time. */
export function startHealthFile(options: {
  readonly path: string;
  readonly checks: HealthChecks;
  readonly now: () => Date;
  readonly logger: pino.Logger;
}): HealthFileWriter {
  let writing: Promise<void> = Promise.resolve();
  let lastOk: boolean | undefined;
  const write = async () => {
    const report = await checkHealth(options.checks, options.now());
    // Written beside, then renamed: the check never reads half a file.
    const partial = `${options.path}.${process.pid}.partial`;
    await writeFile(partial, `${JSON.stringify(report)}\n`);
    await rename(partial, options.path);
    if (report.ok !== lastOk) {
      if (report.ok) options.logger.info({ healthFile: options.path }, 'healthy');
      else options.logger.warn({ problems: report.problems, healthFile: options.path }, 'unhealthy');
      lastOk = report.ok;
    }
  };
  let lastFailure: string | undefined;
  const refresh = () => {
    writing = writing
      .then(write)
      .then(() => {
        lastFailure = undefined;
      })
      .catch((error: unknown) => {
        // Once per cause (a read-only filesystem would otherwise say it every 15 s).
        const failure = error instanceof Error ? error.message : String(error);
        if (failure !== lastFailure) {
          options.logger.error({ err: error, healthFile: options.path }, 'cannot write the health file');
        }
        lastFailure = failure;
      });
    return writing;
  };
  const timer = setInterval(() => void refresh(), HEALTH_FILE_INTERVAL_MS);
  timer.unref();
  void refresh();
  return { refresh, stop: () => clearInterval(timer) };
}
