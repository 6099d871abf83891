import { SocketModeReceiver } from '@slack/bolt';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../sandbox/fake-slack/index.js';
import { createSlackApp } from '../../../src/slack/app.js';
import { identityOf } from '../../harness/slack/harness.js';

/** The receiver Bolt chose; private in Bolt's types, so read in this one place. */
function receiverOf(app: ReturnType<typeof createSlackApp>): unknown {
  return (app as unknown as { receiver: unknown }).receiver;
}

describe('choosing how to talk to Slack', () => {
  let slack: FakeSlack | undefined;
  afterEach(async () => slack?.close());

  const health = async () => ({ ok: true });

  it('uses Socket Mode when SLACK_APP_TOKEN is set', async () => {
    slack = await startFakeSlack();
    const app = createSlackApp({
      slack: { botToken: slack.identity.botToken, appToken: 'xapp-1-test', port: 3000, apiUrl: slack.apiUrl },
      identity: identityOf(slack),
      logger: pino({ level: 'silent' }),
      health,
    });
    expect(receiverOf(app)).toBeInstanceOf(SocketModeReceiver);
  });

  it('uses HTTP mode with the signing secret otherwise', async () => {
    slack = await startFakeSlack();
    const app = createSlackApp({
      slack: { botToken: slack.identity.botToken, signingSecret: 'secret', port: 3000, apiUrl: slack.apiUrl },
      identity: identityOf(slack),
      logger: pino({ level: 'silent' }),
      health,
    });
    expect(receiverOf(app)).not.toBeInstanceOf(SocketModeReceiver);
  });
});
