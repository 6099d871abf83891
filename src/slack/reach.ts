import { webApi } from '@slack/bolt';
import { ResetError } from '../domain/errors.js';

/** Slack's Web API when SLACK_API_URL is not set. */
const SLACK_API_URL = 'https://slack.com/api/';

/**
 * How long start-up tries to reach Slack: a few attempts of a few seconds each, then it gives up,
 * so that a bot that cannot reach Slack exits (and its orchestrator says so) instead of hanging.
 */
export const slackStartLimits = { attemptMs: 5_000, retries: 3, retryWaitMs: 1_000 } as const;

/** The most time start-up gives Slack: every attempt running out, and the waits between them. */
export const SLACK_START_LIMIT_MS =
  (slackStartLimits.retries + 1) * slackStartLimits.attemptMs +
  slackStartLimits.retries * slackStartLimits.retryWaitMs;

/**
 * `start` (Bolt's Socket Mode start: `apps.connections.open`, the WebSocket, `hello`) within
 * SLACK_START_LIMIT_MS, or SLACK_UNREACHABLE: the Socket Mode client would otherwise retry for a
 * long time while the bot looks started.
 */
export async function withinSlackStartLimit<T>(start: Promise<T>, apiUrl: string | undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const seconds = Math.round(SLACK_START_LIMIT_MS / 1000);
      reject(
        new ResetError(
          'SLACK_UNREACHABLE',
          `Cannot reach Slack at ${apiUrl ?? SLACK_API_URL}: no Socket Mode connection within ${seconds} s`,
        ),
      );
    }, SLACK_START_LIMIT_MS);
  });
  try {
    return await Promise.race([start, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Who the bot is in Slack, as `auth.test` answers. */
export interface SlackIdentity {
  readonly team: string;
  readonly botUserId: string;
  readonly botId: string;
}

/**
 * Asks Slack who the bot is (`auth.test` with the bot token) within `slackStartLimits`. Fails with
 * SLACK_UNREACHABLE when no answer came (naming the URL and the network's reason), or
 * SLACK_API_ERROR when Slack refused the token.
 */
export async function reachSlack(settings: { botToken: string; apiUrl?: string }): Promise<SlackIdentity> {
  const url = settings.apiUrl ?? SLACK_API_URL;
  const client = new webApi.WebClient(settings.botToken, {
    slackApiUrl: url,
    timeout: slackStartLimits.attemptMs,
    retryConfig: {
      retries: slackStartLimits.retries,
      minTimeout: slackStartLimits.retryWaitMs,
      maxTimeout: slackStartLimits.retryWaitMs,
    },
    logLevel: webApi.LogLevel.ERROR,
  });
  try {
    const answer = await client.auth.test();
    return {
      team: answer.team ?? answer.team_id ?? '',
      botUserId: answer.user_id ?? '',
      botId: answer.bot_id ?? '',
    };
  } catch (error) {
    const { code, data, original } = error as { code?: string; data?: { error?: string }; original?: Error };
    if (code === webApi.ErrorCode.PlatformError) {
      throw new ResetError('SLACK_API_ERROR', `Slack refused the bot token at ${url}: ${data?.error}`, {
        cause: error,
      });
    }
    // fetch says only "fetch failed"; the network's own reason (ECONNREFUSED, ENOTFOUND, …) is its cause.
    const network = (original as { cause?: { code?: string; message?: string } } | undefined)?.cause;
    const reason =
      network?.code ??
      network?.message ??
      original?.message ??
      (error instanceof Error ? error.message : String(error));
    throw new ResetError('SLACK_UNREACHABLE', `Cannot reach Slack at ${url}: ${reason}`, {
      details: { url },
      cause: error,
    });
  }
}
