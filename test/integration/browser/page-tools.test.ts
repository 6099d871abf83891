import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { people } from '../../../sandbox/cast.js';
import { describeInChromium } from './in-chromium.js';
import { SandboxPage } from './sandbox-page.js';

/**
 * Counts, in the browser, the pixels of a PNG that are coloured (not white, grey or black). A string,
 * since it runs in the page (this project's TypeScript has no DOM types).
 */
const countColouredPixels = `async (png) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + png;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  let coloured = 0;
  for (let i = 0; i < data.length; i += 4) {
    const channels = [data[i], data[i + 1], data[i + 2]];
    if (Math.max(...channels) - Math.min(...channels) > 60) coloured += 1;
  }
  return coloured;
}`;

/**
 * How many pixels of a screenshot are coloured, decoded in a blank page of the same browser: a
 * glyph drawn without an emoji font (an empty box, or nothing) has none.
 */
async function colouredPixels(page: Page, shot: Buffer): Promise<number> {
  const blank = await page.context().newPage();
  try {
    return Number(
      await blank.evaluate(`(${countColouredPixels})(${JSON.stringify(shot.toString('base64'))})`),
    );
  } finally {
    await blank.close();
  }
}

/** The page's image of the emoji `:name:` inside `scope`, once it has loaded. */
async function loadedEmoji(scope: Locator, name: string): Promise<Locator> {
  const image = scope.locator(`img.emoji[title=":${name}:"]`).first();
  await image.waitFor();
  await expect.poll(() => image.evaluate((node) => Reflect.get(node, 'naturalWidth'))).toBeGreaterThan(0);
  return image;
}

describeInChromium('the sandbox page’s tools and emoji', (session) => {
  it('keeps the chosen tool tab when the authenticator’s codes roll over behind it', async () => {
    // A page of its own with a fake clock, so that 30 s of codes pass at once.
    const page = await session.ui.page.context().newPage();
    try {
      page.setDefaultTimeout(15_000);
      await page.clock.install();
      const ui = new SandboxPage(page, session.served.page.url);
      await ui.open(people.erin.slackId);
      const panel = await ui.openPanel('Authenticator');
      await panel.locator('.otp').first().waitFor();

      await ui.openPanel('Audit trail');
      await panel.locator('button', { hasText: 'Verify the hash chain' }).waitFor();
      const authenticatorFetched = page
        .waitForResponse('**/api/authenticator', { timeout: 3_000 })
        .then((response) => response.finished())
        .catch(() => undefined);
      // Every code has expired: a timer still running behind the audit trail would draw new ones.
      await page.clock.fastForward(31_000);
      await authenticatorFetched;
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));

      expect(await page.locator('.tool-tabs button.active').textContent()).toBe('Audit trail');
      expect(await panel.locator('.otp').count()).toBe(0);
      expect(await panel.locator('button', { hasText: 'Verify the hash chain' }).count()).toBe(1);

      // Shown again, the authenticator counts down from fresh codes.
      await ui.openPanel('Authenticator');
      await panel.locator(`.otp[data-approver="${people.erin.slackId}"] .countdown`).waitFor();
    } finally {
      await page.close();
    }
  }, 60_000);

  it('draws the status emoji of the bot’s messages as images it ships, with no emoji font installed', async () => {
    await session.ui.open(people.alice.slackId);
    await session.ui.command('/mfa-reset');
    const form = await session.ui.modalTitled('MFA reset');
    await form.locator('textarea').fill('Lost my phone on the train');
    await session.ui.submitModal();
    await session.ui.modalTitled('Request sent');
    await session.ui.closeModal();
    const request = session.ui.message('MFA reset request');
    await request.locator('text=Waiting for approval').waitFor();

    expect(await request.textContent()).not.toContain(':hourglass_flowing_sand:');
    const status = await loadedEmoji(request, 'hourglass_flowing_sand');
    expect(await status.getAttribute('alt')).toBe('⏳');
    // The screenshot shows it in colour, as Slack does: the hourglass's sand and frame.
    expect(await colouredPixels(session.ui.page, await status.screenshot())).toBeGreaterThan(20);

    // Every emoji the page knows has its image: none fails to load.
    const broken = await session.ui.page.evaluate(`import('./emoji.js').then(async (emoji) => {
      const broken = [];
      for (const name of emoji.emojiNames) {
        const image = document.body.appendChild(emoji.emojiImage(name));
        await image.decode().catch(() => broken.push(name));
        image.remove();
      }
      return broken;
    })`);
    expect(broken).toEqual([]);

    // The page's own marks too: the lock in the top bar is the image it ships, served beside it.
    const lock = await session.ui.page.evaluate(
      "getComputedStyle(document.querySelector('.local-note'), '::before').backgroundImage",
    );
    expect(lock).toMatch(/\/emoji\/1f512\.svg"\)$/);
    const served = await session.ui.page.request.get(
      new URL('emoji/1f512.svg', session.served.page.url).href,
    );
    expect(served.headers()['content-type']).toBe('image/svg+xml');
  }, 60_000);
});
