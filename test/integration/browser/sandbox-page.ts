import type { Locator, Page } from 'playwright-core';

/**
 * The sandbox's page as a person uses it, by what they see: who they are, the command box, the
 * open modal, buttons on messages, the authenticator and the audit trail. The browser test and
 * `npm run docs:screenshots` both walk the reset through it.
 */
export class SandboxPage {
  constructor(
    readonly page: Page,
    private readonly url: string,
  ) {}

  async open(slackId: string): Promise<void> {
    await this.page.goto(`${this.url}?as=${slackId}`);
    await this.page.locator('#composer-input').waitFor();
  }

  async be(slackId: string): Promise<void> {
    await this.page.selectOption('#persona', slackId);
    await this.page.locator('.conversation-title').waitFor();
  }

  async command(text: string): Promise<void> {
    await this.page.fill('#composer-input', text);
    await this.page.press('#composer-input', 'Enter');
  }

  get modal(): Locator {
    return this.page.locator('.modal');
  }

  /** Waits for the modal whose title is `title` to be on screen. */
  async modalTitled(title: string | RegExp): Promise<Locator> {
    const modal = this.modal.filter({ has: this.page.locator('.modal-header h2', { hasText: title }) });
    await modal.waitFor();
    return modal;
  }

  async submitModal(): Promise<void> {
    await this.modal.locator('[data-role=submit]').click();
  }

  /** Closes the view on top; the modal goes when it was the last of its stack. */
  async closeModal(): Promise<void> {
    // The bot may close or replace the view by itself meanwhile: act on the view seen, if still there.
    const viewId = await this.modal.getAttribute('data-view-id', { timeout: 2_000 }).catch(() => null);
    if (viewId === null) return;
    const view = this.page.locator(`.modal[data-view-id="${viewId}"]`);
    await view
      .locator('.modal-x')
      .click({ timeout: 2_000 })
      .catch(() => undefined);
    await view.waitFor({ state: 'detached' });
  }

  /** The latest message in the open conversation whose text matches. */
  message(text: string | RegExp): Locator {
    return this.page.locator('.messages > .message', { hasText: text }).last();
  }

  async openApp(tab: 'Home' | 'Messages'): Promise<void> {
    await this.page.locator('.nav-item', { hasText: 'mfa-reset-bot' }).click();
    await this.page.locator('.app-tabs button', { hasText: tab }).click();
  }

  async openChannel(name: string): Promise<void> {
    await this.page.locator('.nav-item', { hasText: `# ${name}` }).click();
  }

  async openPanel(title: string): Promise<Locator> {
    await this.page.locator('.tool-tabs button', { hasText: title }).click();
    return this.page.locator('#tool-panel');
  }

  /**
   * The code the approver's authenticator shows now. Near the end of its 30 s it waits for the
   * next one, as a person would, so the code is still current when the bot hands it to AWS.
   */
  async currentCodeOf(approverSlackId: string): Promise<string> {
    await this.openPanel('Authenticator');
    const card = this.page.locator(`.otp[data-approver="${approverSlackId}"]`);
    const secondsLeft = Number.parseInt((await card.locator('.countdown').textContent()) ?? '30', 10);
    if (secondsLeft <= 3) await this.page.waitForTimeout(secondsLeft * 1000 + 500);
    await card.locator('.otp-used').waitFor({ state: 'detached' });
    return (await card.locator('.otp-code').getAttribute('data-code')) ?? '';
  }
}
