import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../sandbox/fake-slack/index.js';
import { directory, refusal, webClient } from './harness.js';

const section = (text: string, blockId?: string) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...(blockId !== undefined && { block_id: blockId }),
});

describe('fake Slack: messages', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack({ directory });
  });
  afterEach(() => slack.reset());
  afterAll(() => slack.close());

  it('refuses a call without a token (not_authed) or with another token (invalid_auth), and records both', async () => {
    expect(await refusal(webClient(slack, '').auth.test())).toMatchObject({ error: 'not_authed' });
    expect(await refusal(webClient(slack, 'xoxb-stolen').auth.test())).toMatchObject({
      error: 'invalid_auth',
    });
    expect(slack.calls('auth.test').map((call) => call.response.error)).toEqual([
      'not_authed',
      'invalid_auth',
    ]);
  });

  it('posts to a channel and records the arguments with blocks decoded', async () => {
    const posted = await webClient(slack).chat.postMessage({
      channel: 'C0APPROVALS',
      text: 'fallback',
      blocks: [section('hello')],
    });
    expect(posted).toMatchObject({
      ok: true,
      channel: 'C0APPROVALS',
      ts: expect.stringMatching(/^\d{10}\.\d{6}$/),
    });
    expect(slack.calls('chat.postMessage')[0]?.args).toMatchObject({
      channel: 'C0APPROVALS',
      blocks: [section('hello')],
    });
    expect(slack.messagesIn('#mfa-approvals').map((message) => message.text)).toEqual(['fallback']);
  });

  it('delivers a message addressed to a user ID to that user’s DM', async () => {
    const posted = await webClient(slack).chat.postMessage({
      channel: 'U0ALICE',
      text: 'your request was sent',
    });
    expect(posted.channel).toBe('D0ALICE');
    const opened = await webClient(slack).conversations.open({ users: 'U0ALICE' });
    expect(opened.channel?.id).toBe('D0ALICE');
    expect(slack.dmsTo('U0ALICE').map((message) => message.text)).toEqual(['your request was sent']);
  });

  it('refuses more than 50 blocks with invalid_blocks and Slack’s pointer', async () => {
    const blocks = Array.from({ length: 51 }, (_, index) => section(`line ${index}`));
    expect(
      await refusal(webClient(slack).chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks })),
    ).toMatchObject({
      error: 'invalid_blocks',
      errors: ['no more than 50 items allowed [json-pointer:/blocks]'],
    });
  });

  it('refuses duplicate block_ids and a section text over 3000 characters', async () => {
    const blocks = [section('a', 'same'), section('b'.repeat(3001), 'same')];
    const refused = await refusal(
      webClient(slack).chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks }),
    );
    expect(refused.errors).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/1/text/text]',
      'duplicate block_id: same [json-pointer:/blocks/1/block_id]',
    ]);
  });

  it('refuses a message with neither text nor blocks (no_text) and an unknown channel (channel_not_found)', async () => {
    expect(
      await refusal(webClient(slack).chat.postMessage({ channel: 'C0GENERAL', text: '' })),
    ).toMatchObject({
      error: 'no_text',
    });
    expect(await refusal(webClient(slack).chat.postMessage({ channel: 'C0NOPE', text: 'hi' }))).toMatchObject(
      {
        error: 'channel_not_found',
      },
    );
  });

  it('updates a message it knows and refuses an unknown ts with message_not_found', async () => {
    const posted = await webClient(slack).chat.postMessage({ channel: 'C0APPROVALS', text: 'pending' });
    await webClient(slack).chat.update({ channel: 'C0APPROVALS', ts: posted.ts ?? '', text: 'approved' });
    expect(slack.message('C0APPROVALS', posted.ts ?? '')).toMatchObject({ text: 'approved', editCount: 1 });
    expect(
      await refusal(
        webClient(slack).chat.update({ channel: 'C0APPROVALS', ts: '1.000001', text: 'approved' }),
      ),
    ).toMatchObject({ error: 'message_not_found' });
  });

  it('shows an ephemeral message to a channel member only', async () => {
    await webClient(slack).chat.postEphemeral({ channel: 'C0APPROVALS', user: 'U0BOB', text: 'only you' });
    expect(slack.ephemeralsTo('U0BOB').map((message) => message.text)).toEqual(['only you']);
    expect(
      await refusal(
        webClient(slack).chat.postEphemeral({ channel: 'C0APPROVALS', user: 'U0ALICE', text: 'x' }),
      ),
    ).toMatchObject({ error: 'user_not_in_channel' });
  });

  it('fails the next call of a method with an injected error, then behaves again', async () => {
    slack.failNext('chat.postMessage', 'ratelimited');
    expect(
      await refusal(webClient(slack).chat.postMessage({ channel: 'C0GENERAL', text: 'x' })),
    ).toMatchObject({
      error: 'ratelimited',
    });
    await expect(
      webClient(slack).chat.postMessage({ channel: 'C0GENERAL', text: 'x' }),
    ).resolves.toMatchObject({
      ok: true,
    });
  });
});

describe('fake Slack: a token without the scope a method needs', () => {
  it('answers missing_scope, as Slack does', async () => {
    const slack = await startFakeSlack({ directory, scopes: ['commands', 'users:read'] });
    try {
      expect(
        await refusal(webClient(slack).chat.postMessage({ channel: 'C0GENERAL', text: 'x' })),
      ).toMatchObject({
        error: 'missing_scope',
        needed: 'chat:write',
      });
      const info = await webClient(slack).users.info({ user: 'U0ALICE' });
      expect(info.user?.profile?.email).toBeUndefined();
    } finally {
      await slack.close();
    }
  });
});
