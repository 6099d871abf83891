import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { people } from '../../../src/sandbox/cast.js';
import { chromiumMissing, type LaunchedChromium, launchChromium } from './chromium.js';
import { SandboxPage } from './sandbox-page.js';
import { type ServedSandbox, startServedSandbox } from './served-sandbox.js';

if (chromiumMissing !== undefined) console.warn(chromiumMissing);

describe.skipIf(chromiumMissing !== undefined)(
  `help-desk requests, cancel and status on the sandbox page${chromiumMissing === undefined ? '' : ' (skipped: Chromium is not installed, see the warning above)'}`,
  () => {
    let served: ServedSandbox;
    let chromium: LaunchedChromium;
    let ui: SandboxPage;

    beforeAll(async () => {
      served = await startServedSandbox({
        dynamoDbEndpoint: inject('dynamoDbEndpoint'),
        tableName: `sandbox-${randomUUID()}`,
      });
      chromium = await launchChromium();
      const page = await chromium.context.newPage();
      page.setDefaultTimeout(15_000);
      ui = new SandboxPage(page, served.page.url);
    }, 120_000);

    afterAll(async () => {
      await chromium?.close();
      await served?.stop();
    });

    it('hugo asks for alice with /mfa-reset @alice; alice cancels from her DM; status lists it', async () => {
      const { alice, hugo } = people;

      // The page escapes the typed mention as Slack does for this command (should_escape).
      await ui.open(hugo.slackId);
      await ui.command('/mfa-reset @alice');
      const form = await ui.modalTitled('MFA reset');
      await form.locator('text=For @alice').first().waitFor();
      expect(await form.textContent()).toMatch(/For @alice, IAM user alice/);
      await expect.poll(() => form.locator('input[type=checkbox]').count()).toBe(1);
      await form.locator('textarea').fill('Alice called the service desk');
      await ui.submitModal();
      await ui.modalTitled('Request sent');
      await ui.closeModal();
      const request = ui.message('MFA reset request');
      await request.locator('text=Waiting for approval').waitFor();
      expect(await request.textContent()).toMatch(/For\s*@alice/);

      // alice reads who asked in her DM, and cancels through Slack's confirmation dialog.
      await ui.be(alice.slackId);
      await ui.openApp('Messages');
      const dm = ui.message('asked for a reset');
      await dm.waitFor();
      expect(await dm.textContent()).toMatch(/@hugo asked for a reset of the MFA of your IAM user/);
      await dm.locator('button', { hasText: 'Cancel request' }).click();
      await ui.page.locator('dialog.bk-confirm button', { hasText: 'Cancel request' }).click();
      await ui.message('was cancelled').waitFor();

      await ui.openChannel('mfa-approvals');
      await ui.message('MFA reset request').locator('text=Cancelled').waitFor();
      await expect(
        ui.message('MFA reset request').locator('button', { hasText: 'Approve' }).count(),
      ).resolves.toBe(0);

      await ui.command('/mfa-reset status');
      const status = ui.message('Your MFA reset requests');
      await status.waitFor();
      expect(await status.textContent()).toMatch(/cancelled.*asked by @hugo/is);
      expect(served.sandbox.aws.state.devicesOf(alice.iamUser)).toHaveLength(1);
    }, 120_000);
  },
);
