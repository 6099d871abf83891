import { App, SocketModeReceiver } from '@slack/bolt';
import type pino from 'pino';
import type { SlackSettings } from '../config/load.js';
import { boltLogger } from '../logging.js';
import { createSlackFetch } from './http-transport.js';

export interface SlackAppOptions {
  readonly slack: SlackSettings;
  readonly logger: pino.Logger;
  /** Answers `GET /healthz` (HTTP mode). */
  readonly health: () => Promise<{ ok: boolean; detail?: string }>;
  /** Socket Mode: told when the connection to Slack opens (true) or is lost (false). */
  readonly onSlackConnection?: (connected: boolean) => void;
}

/**
 * The Bolt app: Socket Mode when an app-level token is configured, otherwise HTTP mode with
 * `POST /slack/events` and `GET /healthz`. Web API calls go to SLACK_API_URL when set.
 */
export function createSlackApp(options: SlackAppOptions): App {
  const { slack } = options;
  const common = {
    token: slack.botToken,
    logger: boltLogger(options.logger),
    clientOptions: {
      ...(slack.apiUrl !== undefined ? { slackApiUrl: slack.apiUrl } : {}),
      fetch: createSlackFetch(),
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
