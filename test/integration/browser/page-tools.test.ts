import { expect, it } from 'vitest';
import { people } from '../../../sandbox/cast.js';
import { describeInChromium } from './in-chromium.js';
import { SandboxPage } from './sandbox-page.js';

describeInChromium('the sandbox page’s tools', (session) => {
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
});
