/**
 * `npm run docs:screenshots`: refreshes the sandbox screenshots in docs/images/ by walking the same
 * reset as the browser test, in Debian's Chromium. Not part of `npm test`. The page brings its
 * own emoji images, so no emoji font is needed.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { people } from '../sandbox/cast.js';
import { chromiumMissing, launchChromium } from '../test/integration/browser/chromium.js';
import { SandboxPage } from '../test/integration/browser/sandbox-page.js';
import { startServedSandbox, wrongCode } from '../test/integration/browser/served-sandbox.js';

const imagesDir = join(new URL('..', import.meta.url).pathname, 'docs', 'images');

async function main(): Promise<void> {
  if (chromiumMissing !== undefined) throw new Error(chromiumMissing);
  await mkdir(imagesDir, { recursive: true });
  const served = await startServedSandbox();
  const chromium = await launchChromium({ width: 1280, height: 760 });
  try {
    const page = await chromium.context.newPage();
    page.setDefaultTimeout(20_000);
    const ui = new SandboxPage(page, served.page.url);
    const shot = async (name: string) => {
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(imagesDir, name) });
      process.stdout.write(`docs/images/${name}\n`);
    };

    await ui.open(people.alice.slackId);
    await ui.command('/mfa-reset');
    const form = await ui.modalTitled('MFA reset');
    await form.locator('textarea').fill('Lost my phone on the train');
    await shot('sandbox-request.png');
    await ui.submitModal();
    await ui.modalTitled('Request sent');
    await ui.closeModal();

    await ui.be(people.erin.slackId);
    await ui.message('MFA reset request').locator('button', { hasText: 'Approve' }).click();
    const approval = await ui.modalTitled('Approve MFA reset');
    await approval.locator('input.bk-text-input').fill(wrongCode(served.sandbox));
    await ui.submitModal();
    await approval.locator('.bk-error', { hasText: 'AWS rejected' }).waitFor();
    await approval.locator('.modal-body').evaluate((body) => body.scrollTo(0, body.scrollHeight));
    await shot('sandbox-approve.png');

    await approval.locator('input.bk-text-input').fill(await ui.currentCodeOf(people.erin.slackId));
    await ui.submitModal();
    await ui.modalTitled('MFA reset done');
    await ui.closeModal();
    const audit = await ui.openPanel('Audit trail');
    await audit.locator('tr[data-type="REQUEST_COMPLETED"]').waitFor();
    await audit.locator('button', { hasText: 'Verify the hash chain' }).click();
    await audit.locator('.verdict .intact').waitFor();
    await shot('sandbox-done.png');
  } finally {
    await chromium.close();
    await served.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`docs:screenshots: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
