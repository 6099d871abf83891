import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID } from './bare-bolt-app.js';
import { type Harness, startHarness, webClient } from './harness.js';

describe('response_url and buttons', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.slack.reset());
  afterAll(() => harness.close());

  it('records an ephemeral respond() to the response_url of the command', async () => {
    const res = await harness.driver.slashCommand({
      userId: 'U0ALICE',
      channelId: 'C0GENERAL',
      text: 'help',
    });
    const [response] = await harness.slack.waitFor(() => {
      const responses = harness.slack.responsesTo(res.sent.response_url);
      return responses.length > 0 ? responses : undefined;
    });

    expect(response).toMatchObject({
      status: 200,
      body: { response_type: 'ephemeral', text: 'Usage: /mfa-reset [help | audit …]' },
      context: { userId: 'U0ALICE', channelId: 'C0GENERAL' },
    });
    expect(harness.slack.ephemeralsTo('U0ALICE').map((message) => message.text)).toEqual([
      'Usage: /mfa-reset [help | audit …]',
    ]);
    expect(harness.slack.calls('views.open')).toHaveLength(0);
  });

  it('delivers a click on a posted button, and replace_original rewrites that message', async () => {
    const posted = await webClient(harness.slack).chat.postMessage({
      channel: 'C0APPROVALS',
      text: 'Alice asks to reset her MFA',
      blocks: [
        {
          type: 'actions',
          block_id: 'request-1',
          elements: [
            {
              type: 'button',
              action_id: APPROVE_ACTION_ID,
              text: { type: 'plain_text', text: 'Approve' },
              value: 'request-1',
            },
          ],
        },
      ],
    });
    const ts = posted.ts ?? '';

    const res = await harness.driver.blockAction({
      userId: 'U0BOB',
      actionId: APPROVE_ACTION_ID,
      value: 'request-1',
      message: { channel: 'C0APPROVALS', ts },
    });
    expect(res.status).toBe(200);
    await harness.slack.waitFor(() => harness.slack.responsesTo({ userId: 'U0BOB' })[0]);

    expect(harness.bolt.clicks.at(-1)).toMatchObject({
      user: { id: 'U0BOB', username: 'bob' },
      container: { type: 'message', message_ts: ts, channel_id: 'C0APPROVALS', is_ephemeral: false },
      actions: [{ type: 'button', action_id: APPROVE_ACTION_ID, block_id: 'request-1', value: 'request-1' }],
    });
    expect(harness.slack.message('C0APPROVALS', ts)).toMatchObject({ text: 'Approved', editCount: 1 });
  });

  it('refuses to click a button that is not on the message', async () => {
    const posted = await webClient(harness.slack).chat.postMessage({
      channel: 'C0APPROVALS',
      text: 'no buttons',
    });
    await expect(
      harness.driver.blockAction({
        userId: 'U0BOB',
        actionId: APPROVE_ACTION_ID,
        message: { channel: 'C0APPROVALS', ts: posted.ts ?? '' },
      }),
    ).rejects.toThrow(/no element/);
  });
});
