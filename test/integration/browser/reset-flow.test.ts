import { expect, it } from 'vitest';
import { people } from '../../../sandbox/cast.js';
import { describeInChromium } from './in-chromium.js';
import { wrongCode } from './served-sandbox.js';

describeInChromium('the sandbox page in Chromium', (session) => {
  it('walks a whole reset: request, a wrong code refused inline, the right code, outcome, DM and audit', async () => {
    const alice = people.alice;
    const [phone] = session.served.sandbox.aws.state.devicesOf(alice.iamUser);
    expect(phone?.kind).toBe('virtual');

    // alice asks for a reset of her virtual device.
    await session.ui.open(alice.slackId);
    await session.ui.command('/mfa-reset');
    const form = await session.ui.modalTitled('MFA reset');
    await expect.poll(() => form.locator('input[type=checkbox]').count()).toBe(1);
    await form.locator('textarea').fill('Lost my phone on the train');
    await session.ui.submitModal();
    await session.ui.modalTitled('Request sent');
    await session.ui.closeModal();
    const request = session.ui.message('MFA reset request');
    await request.locator('text=Waiting for approval').waitFor();

    // erin approves: first with a wrong code, which AWS refuses and the modal shows under the field.
    await session.ui.be(people.erin.slackId);
    await session.ui.message('MFA reset request').locator('button', { hasText: 'Approve' }).click();
    const approval = await session.ui.modalTitled('Approve MFA reset');
    await approval.locator('input.bk-text-input').fill(wrongCode(session.served.sandbox));
    await session.ui.submitModal();
    const error = approval.locator('.bk-error');
    await expect.poll(() => error.textContent()).toMatch(/AWS rejected that MFA code/);
    expect(session.served.sandbox.aws.state.devicesOf(alice.iamUser)).toHaveLength(1);

    // Then with the code her authenticator shows.
    const code = await session.ui.currentCodeOf(people.erin.slackId);
    await approval.locator('input.bk-text-input').fill(code);
    await session.ui.submitModal();
    await session.ui.modalTitled('MFA reset done');
    await session.ui.closeModal();
    await session.ui.message('MFA reset request').getByText('Completed', { exact: true }).waitFor();
    await expect(
      session.ui.message('MFA reset request').locator('button', { hasText: 'Approve' }).count(),
    ).resolves.toBe(0);

    // alice reads the outcome in her DM with the bot.
    await session.ui.be(alice.slackId);
    await session.ui.openApp('Messages');
    await session.ui.message('were reset').waitFor();
    expect(await session.ui.message('were reset').textContent()).toMatch(/enrol a new MFA device/i);

    // The audit trail lists the events, and `audit verify` finds the chain intact.
    const audit = await session.ui.openPanel('Audit trail');
    const lifecycle = ['REQUEST_CREATED', 'TOKEN_REJECTED', 'REQUEST_APPROVED', 'DEVICE_DEACTIVATED'];
    for (const type of [...lifecycle, 'DEVICE_DELETED', 'REQUEST_COMPLETED']) {
      await audit.locator(`tr[data-type="${type}"]`).first().waitFor();
    }
    const stored = await session.served.sandbox.audit.events();
    expect(await audit.locator('tbody tr').count()).toBe(stored.length);
    await audit.locator('button', { hasText: 'Verify the hash chain' }).click();
    await expect
      .poll(() => audit.locator('.verdict').textContent())
      .toMatch(/is intact: \d+ events? and \d+ requests? checked/);

    // And in the emulated AWS account, alice's device is gone: deactivated and deleted.
    expect(session.served.sandbox.aws.state.devicesOf(alice.iamUser)).toEqual([]);
    expect(session.served.sandbox.aws.state.virtualDeviceExists(phone!.serial)).toBe(false);
  }, 120_000);

  it('lets an auditor review the trail through the bot’s own views and export it to a DM file', async () => {
    await session.ui.be(people.olivia.slackId);
    await session.ui.openChannel('mfa-approvals');
    await session.ui.command(`/mfa-reset audit ${people.alice.iamUser} 7`);
    const results = await session.ui.modalTitled('Audit trail');
    await results.locator('text=REQUEST_COMPLETED').first().waitFor();
    await results.locator('button', { hasText: 'Export JSONL' }).click();
    while ((await session.ui.modal.count()) > 0) await session.ui.closeModal();

    await session.ui.openApp('Messages');
    const file = session.ui.page.locator('details.file').first();
    await file.locator('summary').click();
    await expect
      .poll(() => file.locator('.file-content').textContent())
      .toMatch(/"type":"REQUEST_COMPLETED"/);
  }, 60_000);

  it('opens App Home as Slack does, and the reset button brings the demo back', async () => {
    await session.ui.openApp('Home');
    await session.ui.page.locator('.home .bk-header', { hasText: 'MFA reset' }).waitFor();

    await session.ui.page.locator('#reset').click();
    await session.ui.page.locator('#reset', { hasText: 'Click again' }).click();
    await session.ui.page.locator('.toast', { hasText: 'back to its demo state' }).waitFor();
    const account = await session.ui.openPanel('AWS account');
    await account.locator(`[data-user="${people.alice.iamUser}"] li`).waitFor();
    expect(session.served.sandbox.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);
    expect(await session.served.sandbox.audit.events()).toEqual([]);
    await session.ui.openChannel('mfa-approvals');
    await session.ui.page.locator('.messages .empty').waitFor();
  }, 60_000);
});
