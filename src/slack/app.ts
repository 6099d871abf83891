import { App } from '@slack/bolt';
import type pino from 'pino';
import type { SlackSettings } from '../config/load.js';
import { boltLogger } from '../logging.js';
import { logFailure } from './failure-log.js';
import { createSlackFetch } from './http-transport.js';

export interface SlackAppOptions {
  readonly slack: SlackSettings;
  readonly logger: pino.Logger;
  /** Answers `GET /healthz` (HTTP mode). */
  readonly health: () => Promise<{ ok: boolean; detail?: string }>;
}

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
    logger: boltLogger(options.logger),
    clientOptions: {
      ...(slack.apiUrl !== undefined ? { slackApiUrl: slack.apiUrl } : {}),
      fetch: createSlackFetch(),
    },
    // Listeners ack themselves as early as possible; errors inside them are answered, not rethrown.
    processBeforeResponse: false,
  };
  if (slack.appToken !== undefined) {
    return new App({ ...common, appToken: slack.appToken, socketMode: true });
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
