import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../sandbox/fake-slack/index.js';
import { payloadContext, slashCommandPayload } from '../../../sandbox/slack-driver/payloads.js';
import { createSlackApp } from '../../../src/slack/app.js';
import { identityOf } from '../../harness/slack/harness.js';

/** A pino logger whose JSON lines are kept, to read what was logged. */
function recordingPino(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    logger: pino({ level: 'info' }, sink),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('the app’s final error handler', () => {
  let slack: FakeSlack | undefined;
  afterEach(async () => slack?.close());

  it('logs an error no listener answered, with its code, and does not hand it back to Bolt', async () => {
    slack = await startFakeSlack();
    const { logger, lines } = recordingPino();
    const app = createSlackApp({
      slack: { botToken: slack.identity.botToken, signingSecret: 'secret', port: 3000, apiUrl: slack.apiUrl },
      identity: identityOf(slack),
      logger,
      health: async () => ({ ok: true }),
    });
    app.command('/mfa-reset', async ({ ack }) => {
      await ack();
      throw new Error('a listener broke');
    });
    const body = slashCommandPayload(payloadContext(slack, 'U0ALICE'), {
      command: '/mfa-reset',
      text: '',
      channel: { id: 'C0GENERAL', name: 'general' },
      triggerId: 'trigger-1',
      responseUrl: `${slack.apiUrl}response`,
    });
    let acks = 0;

    await expect(
      app.processEvent({
        body,
        ack: async () => {
          acks += 1;
        },
      }),
    ).resolves.toBeUndefined();

    expect(acks).toBe(1);
    const failed = lines().filter((line) => line.msg === 'failed');
    expect(failed).toEqual([expect.objectContaining({ level: 50, step: 'bolt', code: 'INTERNAL' })]);
  });
});
