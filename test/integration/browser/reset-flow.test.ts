import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { people } from '../../../src/sandbox/cast.js';
import { chromiumMissing, type LaunchedChromium, launchChromium } from './chromium.js';
import { SandboxPage } from './sandbox-page.js';
import { type ServedSandbox, startServedSandbox, wrongCode } from './served-sandbox.js';

if (chromiumMissing !== undefined) console.warn(chromiumMissing);

describe.skipIf(chromiumMissing !== undefined)(
  `the sandbox page in Chromium${chromiumMissing === undefined ? '' : ' (skipped: Chromium is not installed, see the warning above)'}`,
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
      // Each step fails on its own, and says which, well before the test's own limit.
      page.setDefaultTimeout(15_000);
      ui = new SandboxPage(page, served.page.url);
    }, 120_000);

    afterAll(async () => {
      await chromium?.close();
      await served?.stop();
    });

    it('walks a whole reset: request, a wrong code refused inline, the right code, outcome, DM and audit', async () => {
      const alice = people.alice;
      const [phone] = served.sandbox.aws.state.devicesOf(alice.iamUser);
      expect(phone?.kind).toBe('virtual');

      // alice asks for a reset of her virtual device.
      await ui.open(alice.slackId);
      await ui.command('/mfa-reset');
      const form = await ui.modalTitled('MFA reset');
      await expect.poll(() => form.locator('input[type=checkbox]').count()).toBe(1);
      await form.locator('textarea').fill('Lost my phone on the train');
      await ui.submitModal();
      await ui.modalTitled('Request sent');
      await ui.closeModal();
      const request = ui.message('MFA reset request');
      await request.locator('text=Waiting for approval').waitFor();

      // erin approves: first with a wrong code, which AWS refuses and the modal shows under the field.
      await ui.be(people.erin.slackId);
      await ui.message('MFA reset request').locator('button', { hasText: 'Approve' }).click();
      const approval = await ui.modalTitled('Approve MFA reset');
      await approval.locator('input.bk-text-input').fill(wrongCode(served.sandbox));
      await ui.submitModal();
      const error = approval.locator('.bk-error');
      await expect.poll(() => error.textContent()).toMatch(/AWS rejected that MFA code/);
      expect(served.sandbox.aws.state.devicesOf(alice.iamUser)).toHaveLength(1);

      // Then with the code her authenticator shows.
      const code = await ui.currentCodeOf(people.erin.slackId);
      await approval.locator('input.bk-text-input').fill(code);
      await ui.submitModal();
      await ui.modalTitled('MFA reset done');
      await ui.closeModal();
      await ui.message('MFA reset request').locator('text=Completed').waitFor();
      await expect(
        ui.message('MFA reset request').locator('button', { hasText: 'Approve' }).count(),
      ).resolves.toBe(0);

      // alice reads the outcome in her DM with the bot.
      await ui.be(alice.slackId);
      await ui.openApp('Messages');
      await ui.message('were reset').waitFor();
      expect(await ui.message('were reset').textContent()).toMatch(/enrol a new MFA device/i);

      // The audit trail lists the events, and `audit verify` finds the chain intact.
      const audit = await ui.openPanel('Audit trail');
      const lifecycle = ['REQUEST_CREATED', 'TOKEN_REJECTED', 'REQUEST_APPROVED', 'DEVICE_DEACTIVATED'];
      for (const type of [...lifecycle, 'DEVICE_DELETED', 'REQUEST_COMPLETED']) {
        await audit.locator(`tr[data-type="${type}"]`).first().waitFor();
      }
      const stored = await served.sandbox.audit.events();
      expect(await audit.locator('tbody tr').count()).toBe(stored.length);
      await audit.locator('button', { hasText: 'Verify the hash chain' }).click();
      await expect
        .poll(() => audit.locator('.verdict').textContent())
        .toMatch(/is intact: \d+ events? and \d+ requests? checked/);

      // And in the emulated AWS account, alice's device is gone: deactivated and deleted.
      expect(served.sandbox.aws.state.devicesOf(alice.iamUser)).toEqual([]);
      expect(served.sandbox.aws.state.virtualDeviceExists(phone!.serial)).toBe(false);
    }, 120_000);

    it('lets an auditor review the trail through the bot’s own views and export it to a DM file', async () => {
      await ui.be(people.olivia.slackId);
      await ui.openChannel('mfa-approvals');
      await ui.command(`/mfa-reset audit ${people.alice.iamUser} 7`);
      const results = await ui.modalTitled('Audit trail');
      await results.locator('text=REQUEST_COMPLETED').first().waitFor();
      await results.locator('button', { hasText: 'Export JSONL' }).click();
      while ((await ui.modal.count()) > 0) await ui.closeModal();

      await ui.openApp('Messages');
      const file = ui.page.locator('details.file').first();
      await file.locator('summary').click();
      await expect
        .poll(() => file.locator('.file-content').textContent())
        .toMatch(/"type":"REQUEST_COMPLETED"/);
    }, 60_000);

    it('opens App Home as Slack does, and the reset button brings the demo back', async () => {
      await ui.openApp('Home');
      await ui.page.locator('.home .bk-header', { hasText: 'MFA reset' }).waitFor();

      await ui.page.locator('#reset').click();
      await ui.page.locator('#reset', { hasText: 'Click again' }).click();
      await ui.page.locator('.toast', { hasText: 'back to its demo state' }).waitFor();
      const account = await ui.openPanel('AWS account');
      await account.locator(`[data-user="${people.alice.iamUser}"] li`).waitFor();
      expect(served.sandbox.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);
      expect(await served.sandbox.audit.events()).toEqual([]);
      await ui.openChannel('mfa-approvals');
      await ui.page.locator('.messages .empty').waitFor();
    }, 60_000);
  },
);
