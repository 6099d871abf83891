import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../sandbox/fake-slack/index.js';
import { createSlackApp, webApiLimits } from '../../../src/slack/app.js';
import { directory } from '../../harness/slack/harness.js';

/** The Bolt app as the bot builds it, in HTTP mode, with its Web API calls going to `apiUrl`. */
function appAgainst(apiUrl: string, botToken = 'xoxb-test') {
  return createSlackApp({
    slack: { botToken, signingSecret: 'secret', port: 3000, apiUrl },
    identity: { team: 'T0TEAM', botUserId: 'U0BOT', botId: 'B0BOT' },
    logger: pino({ level: 'silent' }),
    health: async () => ({ ok: true }),
  });
}

/**
 * A Slack that has gone quiet: it reads every call without ever answering it. Counts the requests
 * per method.
 */
async function startSilentSlack() {
  const requests = new Map<string, number>();
  const server: Server = createServer((request) => {
    const method = (request.url ?? '').replace('/api/', '');
    requests.set(method, (requests.get(method) ?? 0) + 1);
    request.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    requestsOf: (method: string) => requests.get(method) ?? 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('the Slack Web API client’s limits', () => {
  let silent: Awaited<ReturnType<typeof startSilentSlack>>;
  beforeAll(async () => {
    silent = await startSilentSlack();
  });
  afterAll(async () => silent.close());

  it('gives up on a Slack that accepts the call and never answers, after its bounded retries', async () => {
    const app = appAgainst(silent.apiUrl);

    const failure = await app.client.chat.postMessage({ channel: 'C0APPROVALS', text: 'outcome' }).then(
      () => new Error('expected the call to fail'),
      (error: unknown) => error,
    );

    // WebClient's own request error, caused by its own per-attempt time limit running out.
    expect((failure as { code?: unknown }).code).toBe(webApi.ErrorCode.RequestError);
    expect((failure as { original?: { name?: unknown } }).original?.name).toBe('TimeoutError');
    // The first attempt and the configured retries, and no more.
    expect(silent.requestsOf('chat.postMessage')).toBe(1 + webApiLimits.retryConfig.retries);
    // Bolt was given who the bot is (start-up asked, within its own limit): it never asks again.
    expect(silent.requestsOf('auth.test')).toBe(0);
  }, 30_000);
});

describe('SLACK_API_URL', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack({ directory });
  });
  afterAll(async () => slack.close());

  it('sends the app’s Web API calls to the configured base URL', async () => {
    const app = appAgainst(slack.apiUrl, slack.identity.botToken);

    const answer = await app.client.chat.postMessage({ channel: 'C0APPROVALS', text: 'outcome' });

    expect(answer.ok).toBe(true);
    expect(slack.calls('chat.postMessage')).toHaveLength(1);
  });
});
