import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, MANIFEST_BOT_SCOPES, startFakeSlack } from '../../../sandbox/fake-slack/index.js';
import { uploadToDm } from '../../../src/slack/file-upload.js';
import { directory, refusal, webClient } from './harness.js';

/** Slack's external upload flow as the fake plays it, through a real WebClient and real HTTP. */
describe('fake Slack: files through the external upload flow', () => {
  let slack: FakeSlack;
  let nowMs = Date.now();
  afterEach(() => slack.close());

  async function reserve(length: number) {
    const reserved = await webClient(slack).files.getUploadURLExternal({ filename: 'audit.jsonl', length });
    return { url: reserved.upload_url!, id: reserved.file_id! };
  }

  it('shares an uploaded file once in the channel named, with its comment', async () => {
    slack = await startFakeSlack({ directory });
    const { url, id } = await reserve(5);
    const upload = await fetch(url, { method: 'POST', body: 'hello' });
    expect([upload.status, await upload.text()]).toEqual([200, 'OK - 5']);

    const done = await webClient(slack).files.completeUploadExternal({
      files: [{ id, title: 'Audit' }],
      channel_id: 'D0ALICE',
      initial_comment: 'Here it is',
    });

    expect(done.files).toEqual([{ id, title: 'Audit' }]);
    expect(slack.files()).toEqual([
      {
        id,
        filename: 'audit.jsonl',
        title: 'Audit',
        content: 'hello',
        channel: 'D0ALICE',
        comment: 'Here it is',
      },
    ]);
    expect(slack.dmsTo('U0ALICE').map((m) => [m.text, m.fileIds])).toEqual([['Here it is', [id]]]);
    expect(await refusal(webClient(slack).files.completeUploadExternal({ files: [{ id }] }))).toMatchObject({
      error: 'file_not_found',
    });
  });

  it('refuses a wrong upload URL, an expired one, and bytes that do not match the length', async () => {
    slack = await startFakeSlack({ directory, now: () => nowMs });
    const { url } = await reserve(5);
    expect((await fetch(`${url}X`, { method: 'POST', body: 'hello' })).status).toBe(404);
    expect((await fetch(url, { method: 'POST', body: 'hello!' })).status).toBe(400);
    nowMs += 11 * 60_000;
    expect((await fetch(url, { method: 'POST', body: 'hello' })).status).toBe(410);
  });

  it('refuses a length that is not positive, completing a file never uploaded, and an unknown channel', async () => {
    slack = await startFakeSlack({ directory });
    expect(
      await refusal(webClient(slack).files.getUploadURLExternal({ filename: 'a', length: 0 })),
    ).toMatchObject({
      error: 'missing_argument',
    });
    const { id } = await reserve(3);
    expect(await refusal(webClient(slack).files.completeUploadExternal({ files: [{ id }] }))).toMatchObject({
      error: 'file_not_found',
    });
    const second = await reserve(3);
    await fetch(second.url, { method: 'POST', body: 'abc' });
    expect(
      await refusal(
        webClient(slack).files.completeUploadExternal({
          files: [{ id: second.id }],
          channel_id: 'C0NOWHERE',
        }),
      ),
    ).toMatchObject({ error: 'channel_not_found' });
  });

  it('refuses both methods without files:write', async () => {
    slack = await startFakeSlack({
      directory,
      scopes: MANIFEST_BOT_SCOPES.filter((s) => s !== 'files:write'),
    });
    expect(
      await refusal(webClient(slack).files.getUploadURLExternal({ filename: 'a', length: 1 })),
    ).toMatchObject({
      error: 'missing_scope',
      needed: 'files:write',
    });
  });

  it('carries the bot’s upload all the way into a member’s DM, the bytes counted in UTF-8', async () => {
    slack = await startFakeSlack({ directory });
    const content = 'événement ✓\n';

    await uploadToDm(webClient(slack), 'U0ALICE', { filename: 'a.jsonl', title: 'A', content, comment: 'c' });

    expect(slack.files()).toMatchObject([{ content, channel: 'D0ALICE', comment: 'c', title: 'A' }]);
  });
});
