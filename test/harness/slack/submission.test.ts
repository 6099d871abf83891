import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selected, ticked, typed } from '../../../sandbox/slack-driver/index.js';
import { REFRESH_ACTION_ID } from './bare-bolt-app.js';
import { type Harness, startHarness } from './harness.js';

describe('submitting the modal the app opened', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.slack.reset());
  afterAll(() => harness.close());

  async function openModal(): Promise<string> {
    const res = await harness.driver.slashCommand({ userId: 'U0ALICE', channelId: 'C0GENERAL' });
    const call = await harness.slack.waitForCall('views.open', { since: res.callMark });
    const view = call.response.view as { id: string };
    return view.id;
  }

  it('carries what the user entered to the app as state.values in Slack’s shape', async () => {
    const viewId = await openModal();
    const res = await harness.driver.viewSubmission({
      viewId,
      inputs: {
        devices: { devices_input: ticked('GAHT12345678') },
        urgency: { urgency_input: selected('now') },
        reason: { reason_input: typed('lost my phone on the train') },
      },
    });

    expect(res.status).toBe(200);
    expect(res.sent.view).toMatchObject({
      id: viewId,
      callback_id: 'bare_modal',
      private_metadata: 'bare-metadata',
    });
    expect(harness.bolt.submissions.at(-1)).toEqual({
      devices: {
        devices_input: {
          type: 'checkboxes',
          selected_options: [{ text: { type: 'plain_text', text: 'YubiKey' }, value: 'GAHT12345678' }],
        },
      },
      urgency: {
        urgency_input: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Now' }, value: 'now' },
        },
      },
      reason: { reason_input: { type: 'plain_text_input', value: 'lost my phone on the train' } },
    });
    // An empty ack closes the modal, as in Slack.
    expect(res.outcome).toEqual({ accepted: true, problems: [] });
    expect(harness.slack.viewById(viewId)?.isOpen).toBe(false);
  });

  it('sends an optional input the user left empty as its empty value', async () => {
    const viewId = await openModal();
    await harness.driver.viewSubmission({
      viewId,
      inputs: {
        devices: { devices_input: ticked('GAHT12345678') },
        reason: { reason_input: typed('lost my phone') },
      },
    });
    expect(harness.bolt.submissions.at(-1)?.urgency).toEqual({
      urgency_input: { type: 'static_select', selected_option: null },
    });
  });

  it('will not submit what Slack’s client would not: a required input left empty, an unknown option', async () => {
    const viewId = await openModal();
    await expect(
      harness.driver.viewSubmission({ viewId, inputs: { reason: { reason_input: typed('lost my phone') } } }),
    ).rejects.toThrow(/required/);
    await expect(
      harness.driver.viewSubmission({
        viewId,
        inputs: {
          devices: { devices_input: ticked('not-a-device') },
          reason: { reason_input: typed('lost my phone') },
        },
      }),
    ).rejects.toThrow(/no option/);
    await expect(
      harness.driver.viewSubmission({
        viewId,
        inputs: {
          devices: { devices_input: ticked('GAHT12345678') },
          reason: { reason_input: typed('short') },
        },
      }),
    ).rejects.toThrow(/characters/);
  });

  it('sends a click inside the modal with the view and what was entered so far, and no response_url', async () => {
    const viewId = await openModal();
    const res = await harness.driver.blockAction({
      userId: 'U0ALICE',
      viewId,
      actionId: REFRESH_ACTION_ID,
      inputs: { reason: { reason_input: typed('half-typed') } },
    });

    expect(res.status).toBe(200);
    const click = harness.bolt.clicks.at(-1);
    expect(click).toMatchObject({ container: { type: 'view', view_id: viewId }, view: { id: viewId } });
    expect(click?.view?.state.values.reason).toEqual({
      reason_input: { type: 'plain_text_input', value: 'half-typed' },
    });
    expect(click).not.toHaveProperty('response_url');
  });

  it('closes the modal without telling the app when the view did not ask for notify_on_close', async () => {
    const viewId = await openModal();
    await expect(harness.driver.viewClosed({ viewId })).resolves.toBeUndefined();
    expect(harness.slack.viewById(viewId)?.isOpen).toBe(false);
  });

  it('delivers app_home_opened as an Events API callback', async () => {
    const res = await harness.driver.appHomeOpened({ userId: 'U0ALICE' });
    expect(res.status).toBe(200);
    expect(res.sent.event).toMatchObject({
      type: 'app_home_opened',
      user: 'U0ALICE',
      channel: 'D0ALICE',
      tab: 'home',
    });
  });
});
