import { expect, it } from 'vitest';
import { people } from '../../../sandbox/cast.js';
import { describeInChromium } from './in-chromium.js';

describeInChromium('help-desk requests, cancel and status on the sandbox page', (session) => {
  it('hugo asks for alice with /mfa-reset @alice; alice cancels from her DM; status lists it', async () => {
    const { alice, hugo } = people;

    // The page escapes the typed mention as Slack does for this command (should_escape).
    await session.ui.open(hugo.slackId);
    await session.ui.command('/mfa-reset @alice');
    const form = await session.ui.modalTitled('MFA reset');
    await form.locator('text=For @alice').first().waitFor();
    expect(await form.textContent()).toMatch(/For @alice, IAM user alice/);
    // The reason is asked about alice, not about hugo.
    await form.locator('.bk-label', { hasText: 'Why do they need a reset?' }).waitFor();
    await expect.poll(() => form.locator('input[type=checkbox]').count()).toBe(1);
    await form.locator('textarea').fill('Alice called the service desk');
    await session.ui.submitModal();
    await session.ui.modalTitled('Request sent');
    await session.ui.closeModal();
    const request = session.ui.message('MFA reset request');
    await request.locator('text=Waiting for approval').waitFor();
    expect(await request.textContent()).toMatch(/For\s*@alice/);

    // alice reads who asked in her DM, and cancels through Slack's confirmation dialog.
    await session.ui.be(alice.slackId);
    await session.ui.openApp('Messages');
    const dm = session.ui.message('asked for a reset');
    await dm.waitFor();
    expect(await dm.textContent()).toMatch(/@hugo asked for a reset of the MFA of your IAM user/);
    await dm.locator('button', { hasText: 'Cancel request' }).click();
    await session.ui.page.locator('dialog.bk-confirm button', { hasText: 'Cancel request' }).click();
    await session.ui.message('was cancelled').waitFor();
    // The DM she clicked in is rewritten to the cancelled request: no Cancel button is left.
    await expect
      .poll(() => session.ui.page.locator('.messages button', { hasText: 'Cancel request' }).count())
      .toBe(0);

    await session.ui.openChannel('mfa-approvals');
    await session.ui.message('MFA reset request').locator('text=Cancelled').waitFor();
    await expect(
      session.ui.message('MFA reset request').locator('button', { hasText: 'Approve' }).count(),
    ).resolves.toBe(0);

    await session.ui.command('/mfa-reset status');
    const status = session.ui.message('Your MFA reset requests');
    await status.waitFor();
    expect(await status.textContent()).toMatch(/cancelled.*asked by @hugo/is);
    expect(session.served.sandbox.aws.state.devicesOf(alice.iamUser)).toHaveLength(1);
  }, 120_000);
});
