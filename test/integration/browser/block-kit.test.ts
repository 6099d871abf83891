import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APPROVALS_CHANNEL, people } from '../../../sandbox/cast.js';
import { chromiumMissing, type LaunchedChromium, launchChromium } from './chromium.js';
import { SandboxPage } from './sandbox-page.js';
import { type ServedSandbox, startServedSandbox } from './served-sandbox.js';

if (chromiumMissing !== undefined) console.warn(chromiumMissing);

/**
 * The page draws whatever Block Kit the bot sends, not only today's views: here the test plays the
 * bot, calling the Slack stand-in's Web API with the bot's token, with blocks no view of the bot has
 * (yet), hostile text, and views Slack refuses.
 */
const text = (value: string) => ({ type: 'plain_text', text: value });
const mrkdwn = (value: string) => ({ type: 'mrkdwn', text: value });

describe.skipIf(chromiumMissing !== undefined)(
  `Block Kit on the sandbox page${chromiumMissing === undefined ? '' : ' (skipped: Chromium is not installed, see the warning above)'}`,
  () => {
    let served: ServedSandbox;
    let chromium: LaunchedChromium;
    let ui: SandboxPage;
    let page: Page;
    const actionsSent: string[] = [];

    async function asBot(method: string, args: Record<string, unknown>) {
      const { slack } = served.sandbox;
      const response = await fetch(`${slack.apiUrl}${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${slack.identity.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      return (await response.json()) as { ok: boolean; error?: string; view?: { id: string } };
    }

    beforeAll(async () => {
      served = await startServedSandbox({
        dynamoDbEndpoint: inject('dynamoDbEndpoint'),
        tableName: `sandbox-${randomUUID()}`,
      });
      chromium = await launchChromium();
      page = await chromium.context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('request', (request) => {
        if (request.url().endsWith('/api/action')) actionsSent.push(request.postData() ?? '');
      });
      ui = new SandboxPage(page, served.page.url);
      await ui.open(people.alice.slackId);
    }, 120_000);

    afterAll(async () => {
      await chromium?.close();
      await served?.stop();
    });

    it('draws every kind of block, escapes what it shows, and marks the types it does not know', async () => {
      const posted = await asBot('chat.postMessage', {
        channel: APPROVALS_CHANNEL,
        text: 'A view from the future',
        blocks: [
          { type: 'header', text: { ...text('Weekly review :white_check_mark:'), emoji: true } },
          {
            type: 'section',
            text: mrkdwn(
              '*bold* _italic_ ~gone~ `code` <@U0ALICE> <https://example.com/docs|the docs> ' +
                '<javascript:alert(1)|not a link> snake_case_name\n&lt;b&gt;not bold&lt;/b&gt;',
            ),
            fields: [mrkdwn('*Field one*\nvalue one'), text('field two')],
          },
          { type: 'divider' },
          {
            type: 'context',
            elements: [
              mrkdwn('<!date^1700000000^{date_num}|fallback>'),
              { type: 'image', image_url: 'https://example.com/x.png', alt_text: 'a chart' },
            ],
          },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action_id: 'future.cancel',
                text: text('Cancel request'),
                style: 'danger',
                value: 'r-1',
                confirm: {
                  title: text('Cancel it?'),
                  text: mrkdwn('Nothing will be reset.'),
                  confirm: text('Yes, cancel'),
                  deny: text('Keep it'),
                },
              },
              {
                type: 'static_select',
                action_id: 'future.pick',
                placeholder: text('Pick one'),
                options: [
                  { text: text('One'), value: '1' },
                  { text: text('Two'), value: '2' },
                ],
              },
              { type: 'datepicker', action_id: 'future.when' },
            ],
          },
          { type: 'fancy_future_block', block_id: 'future' },
          {
            type: 'section',
            text: text('<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'),
          },
          {
            type: 'rich_text',
            elements: [
              {
                type: 'rich_text_section',
                elements: [
                  { type: 'text', text: 'Rich ', style: { bold: true } },
                  { type: 'user', user_id: 'U0ERIN' },
                ],
              },
              {
                type: 'rich_text_list',
                style: 'bullet',
                elements: [
                  { type: 'rich_text_section', elements: [{ type: 'text', text: 'first' }] },
                  { type: 'rich_text_section', elements: [{ type: 'text', text: 'second' }] },
                ],
              },
            ],
          },
        ],
      });
      expect(posted.ok).toBe(true);
      const message = ui.message('Weekly review');
      await message.waitFor();

      // The emoji is the page's own image of it, with the character as its text.
      await expect(message.locator('.bk-header img.emoji').getAttribute('alt')).resolves.toBe('✅');
      await expect(message.locator('strong', { hasText: 'bold' }).count()).resolves.toBe(1);
      await expect(message.locator('em').first().textContent()).resolves.toBe('italic');
      await expect(message.locator('s').textContent()).resolves.toBe('gone');
      await expect(message.locator('code').first().textContent()).resolves.toBe('code');
      await expect(message.locator('.mention', { hasText: '@alice' }).count()).resolves.toBe(1);
      await expect(message.locator('a[href="https://example.com/docs"]').textContent()).resolves.toBe(
        'the docs',
      );
      await expect(message.locator('a[href^="javascript"]').count()).resolves.toBe(0);
      const shown = (await message.textContent()) ?? '';
      expect(shown).toContain('not a link');
      expect(shown).toContain('snake_case_name');
      expect(shown).toContain('<b>not bold</b>');
      expect(shown).toContain('2023-11-14');
      expect(shown).toContain('a chart');
      expect(shown).toContain('<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>');
      await expect(message.locator('.bk-unsupported').allTextContents()).resolves.toEqual([
        '[element: datepicker]',
        '[block: fancy_future_block]',
      ]);
      await expect(message.locator('.bk-fields .bk-field').count()).resolves.toBe(2);
      await expect(message.locator('.rich-text li').count()).resolves.toBe(2);
      // The only images are the page's own emoji (the ✅, the placeholder's frame), none from the text.
      await expect(message.locator('img:not(.emoji), script').count()).resolves.toBe(0);
      for (const src of await message
        .locator('img.emoji')
        .evaluateAll((images) => images.map((image) => image.getAttribute('src'))))
        expect(src).toMatch(/^emoji\/[0-9a-f-]+\.svg$/);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
    });

    it('asks first for a button that carries a confirm, and sends nothing when the member backs out', async () => {
      const before = actionsSent.length;
      await ui.message('Weekly review').locator('button', { hasText: 'Cancel request' }).click();
      const dialog = page.locator('dialog.bk-confirm');
      await expect(dialog.locator('h3').textContent()).resolves.toBe('Cancel it?');
      await dialog.locator('button', { hasText: 'Keep it' }).click();
      expect(actionsSent.length).toBe(before);

      await ui.message('Weekly review').locator('button', { hasText: 'Cancel request' }).click();
      await page.locator('dialog.bk-confirm button', { hasText: 'Yes, cancel' }).click();
      await expect.poll(() => actionsSent.length).toBe(before + 1);
      expect(JSON.parse(actionsSent.at(-1)!)).toMatchObject({ actionId: 'future.cancel', value: 'r-1' });
    });

    it('shows Slack’s refusal of an oversized view, and a pushed view with a way back', async () => {
      const { slack } = served.sandbox;
      const userId = people.alice.slackId;
      const tooBig = Array.from({ length: 101 }, (_, i) => ({ type: 'section', text: mrkdwn(`line ${i}`) }));
      const refused = await asBot('views.open', {
        trigger_id: slack.issueTriggerId({ userId }),
        view: { type: 'modal', title: text('Too big'), blocks: tooBig },
      });
      expect(refused).toMatchObject({ ok: false, error: 'invalid_arguments' });
      await page
        .locator('.toast', { hasText: 'Slack refused the bot’s views.open: invalid_arguments' })
        .waitFor();
      const log = await ui.openPanel('Slack API');
      await log.locator('li.refused', { hasText: 'no more than 100 items allowed' }).waitFor();

      const opened = await asBot('views.open', {
        trigger_id: slack.issueTriggerId({ userId }),
        view: {
          type: 'modal',
          title: text('Review'),
          submit: text('Save'),
          blocks: [
            {
              type: 'input',
              block_id: 'note',
              label: text('Note'),
              element: { type: 'plain_text_input', action_id: 'note', multiline: true },
            },
            {
              type: 'input',
              block_id: 'verdict',
              label: text('Verdict'),
              element: {
                type: 'radio_buttons',
                action_id: 'verdict',
                options: [
                  { text: text('Fine'), value: 'fine' },
                  { text: text('Suspicious'), value: 'suspicious' },
                ],
              },
            },
          ],
        },
      });
      expect(opened.ok).toBe(true);
      const pushed = await asBot('views.push', {
        trigger_id: slack.issueTriggerId({ userId, viewId: opened.view!.id }),
        view: {
          type: 'modal',
          title: text('Details'),
          blocks: [{ type: 'section', text: mrkdwn('More about it') }],
        },
      });
      expect(pushed.ok).toBe(true);

      await ui.modalTitled('Details');
      await page.locator('.modal-back').click();
      const review = await ui.modalTitled('Review');
      await expect(review.locator('input[type=radio]').count()).resolves.toBe(2);
      await expect(review.locator('textarea').count()).resolves.toBe(1);
    });
  },
);
