import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, SocketModeReceiver } from '@slack/bolt';
import type pino from 'pino';
import type { SlackSettings } from '../config/load.js';
import { boltLogger } from '../logging.js';
import { logFailure } from './failure-log.js';
import type { SlackIdentity } from './reach.js';

export interface SlackAppOptions {
  readonly slack: SlackSettings;
  /**
   * Who the bot is, as `reachSlack` found out. Given to Bolt so that it never calls `auth.test`
   * itself: its own call would run unbounded by the start-up limit, and a failure of it would
   * surface as an unhandled rejection instead of SLACK_UNREACHABLE.
   */
  readonly identity: SlackIdentity;
  readonly logger: pino.Logger;
  /** Answers `GET /healthz` (HTTP mode). */
  readonly health: () => Promise<{ ok: boolean; detail?: string }>;
  /** Socket Mode: told when the connection to Slack opens (true) or is lost (false). */
  readonly onSlackConnection?: (connected: boolean) => void;
}

/**
 * How long every Slack Web API call may take, given to the Slack clients' own options (Bolt's
 * `clientOptions`, WebClient's `timeout` and `retryConfig`). Without them a peer that accepts the
 * connection and never answers holds a call open forever, and WebClient's default retry policy
 * (ten retries over about 30 minutes) holds an outcome message, an alarm or a DM for half an hour.
 *
 * Slack gives an interaction 3 s: a `trigger_id` is dead after that, and Slack's own API answers
 * in well under a second. So one attempt waits 3 s, and a call is tried 3 times in all, with short
 * backoffs (0.5 s, then 1 s): about 10 s in the worst case, long enough to ride out a dropped
 * connection or a brief 5xx, short enough that a failure is reported while anyone still cares.
 * A rate-limited call (429) waits the `Retry-After` Slack names and uses one of the same retries.
 */
export const webApiLimits = {
  timeout: 3_000,
  retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 1_000 },
} as const;

/**
 * The Bolt app: Socket Mode when an app-level token is configured, otherwise HTTP mode with
 * `POST /slack/events` and `GET /healthz`. Web API calls go to SLACK_API_URL when set.
 */
export function createSlackApp(options: SlackAppOptions): App {
  const app = newApp(options);
  // The last stop for an error no listener answered (each answers its own): logged once, at the
  // level its code deserves, and never rethrown, so Bolt sends nothing of it back to Slack.
  app.error(async (error) => {
    logFailure(options.logger, error.original ?? error, { step: 'bolt', boltCode: error.code });
  });
  return app;
}

function newApp(options: SlackAppOptions): App {
  const { slack } = options;
  const common = {
    token: slack.botToken,
    botId: options.identity.botId,
    botUserId: options.identity.botUserId,
    logger: boltLogger(options.logger),
    clientOptions: {
      ...(slack.apiUrl !== undefined ? { slackApiUrl: slack.apiUrl } : {}),
      timeout: webApiLimits.timeout,
      retryConfig: { ...webApiLimits.retryConfig },
    },
    // Listeners ack themselves as early as possible; errors inside them are answered, not rethrown.
    processBeforeResponse: false,
  };
  if (slack.appToken !== undefined) {
    // Built here rather than by Bolt, to watch its connection (health); Bolt would pass it the same options.
    const receiver = new SocketModeReceiver({
      appToken: slack.appToken,
      logger: common.logger,
      installerOptions: { clientOptions: common.clientOptions },
    });
    const connection = (connected: boolean) => () => options.onSlackConnection?.(connected);
    receiver.client.on('connected', connection(true));
    // 'close' comes first when the socket drops; 'reconnecting' only after the client's back-off.
    for (const lost of ['close', 'reconnecting', 'disconnecting', 'disconnected']) {
      receiver.client.on(lost, connection(false));
    }
    return new App({ ...common, receiver });
  }
  return new App({
    ...common,
    signingSecret: slack.signingSecret ?? '',
    endpoints: '/slack/events',
    customRoutes: [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          options.health().then(
            (health) => {
              res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' });
              res.end(
                JSON.stringify({
                  status: health.ok ? 'ok' : 'unavailable',
                  ...(health.detail ? { detail: health.detail } : {}),
                }),
              );
            },
            () => {
              res.writeHead(503, { 'content-type': 'application/json' });
              res.end(JSON.stringify({ status: 'unavailable' }));
            },
          );
        },
      },
    ],
  });
}

/** HTTP mode: starts Bolt's own server on `listen` and answers the port it listens on (0 picks one). */
export async function startHttpMode(app: App, listen: { port: number; host?: string }): Promise<number> {
  const server = (await app.start(listen)) as Server;
  return (server.address() as AddressInfo).port;
}
