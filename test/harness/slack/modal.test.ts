import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bareModal } from './bare-bolt-app.js';
import { type Harness, refusal, startHarness, webClient } from './harness.js';

describe('/mfa-reset opening a modal through the fake Slack', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.slack.reset());
  afterAll(() => harness.close());

  it('opens the modal for the user who typed the command when the trigger_id is fresh', async () => {
    const res = await harness.driver.slashCommand({ userId: 'U0ALICE', channelId: 'C0GENERAL' });
    const call = await harness.slack.waitForCall('views.open', { since: res.callMark });

    expect(call.response.ok).toBe(true);
    expect(call.args.trigger_id).toBe(res.sent.trigger_id);
    const opened = harness.slack.lastView();
    expect(opened?.userId).toBe('U0ALICE');
    expect(opened?.id).toMatch(/^V[0-9A-Z]{10}$/);
    expect(opened?.view).toMatchObject({
      callback_id: 'bare_modal',
      title: bareModal.title,
      root_view_id: opened?.id,
    });
  });

  it('is refused with expired_trigger_id when the trigger_id is older than 3 seconds', async () => {
    const res = await harness.driver.slashCommand({
      userId: 'U0ALICE',
      channelId: 'C0GENERAL',
      triggerAgeMs: 3500,
    });
    const call = await harness.slack.waitForCall('views.open', { since: res.callMark });

    expect(call.response).toEqual({ ok: false, error: 'expired_trigger_id' });
    expect(harness.slack.lastView()).toBeUndefined();
  });

  it('is refused with exchanged_trigger_id when the trigger_id was already used', async () => {
    const res = await harness.driver.slashCommand({ userId: 'U0ALICE', channelId: 'C0GENERAL' });
    await harness.slack.waitForCall('views.open', { since: res.callMark });

    const again = webClient(harness.slack).views.open({ trigger_id: res.sent.trigger_id, view: bareModal });
    expect(await refusal(again)).toMatchObject({ ok: false, error: 'exchanged_trigger_id' });
  });

  it('is refused with invalid_trigger_id for a trigger_id Slack never issued', async () => {
    const madeUp = webClient(harness.slack).views.open({
      trigger_id: '12345.98765.abcd2358fdea',
      view: bareModal,
    });
    expect(await refusal(madeUp)).toMatchObject({ ok: false, error: 'invalid_trigger_id' });
  });
});

describe('a modal Slack would refuse', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      modal: { ...bareModal, title: { type: 'plain_text', text: 'Reset multi-factor authentication' } },
    });
  });
  afterAll(() => harness.close());

  it('is refused with invalid_arguments naming the title when it is longer than 24 characters', async () => {
    const res = await harness.driver.slashCommand({ userId: 'U0ALICE', channelId: 'C0GENERAL' });
    const call = await harness.slack.waitForCall('views.open', { since: res.callMark });

    expect(call.response).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(call.response.response_metadata).toEqual({
      messages: [
        '[ERROR] failed to match all allowed schemas [json-pointer:/view/title]',
        '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
      ],
    });
    await vi.waitFor(() => expect(harness.bolt.apiErrors).toHaveLength(1));
    expect(harness.slack.lastView()).toBeUndefined();
  });
});
