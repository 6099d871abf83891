import type { AddressInfo } from 'node:net';
import { App, type BlockAction, LogLevel, type ViewOutput } from '@slack/bolt';
import type { ModalView } from '@slack/types';

/**
 * The smallest real Bolt app that does what the bot's first step does: ack `/mfa-reset` and open a static
 * modal with `client.views.open`. The harness tests drive it, and it is the baseline the performance
 * budgets compare the real bot against.
 */

export const BARE_MODAL_CALLBACK_ID = 'bare_modal';
export const APPROVE_ACTION_ID = 'bare_approve';
export const REFRESH_ACTION_ID = 'bare_refresh';

export const bareModal: ModalView = {
  type: 'modal',
  callback_id: BARE_MODAL_CALLBACK_ID,
  private_metadata: 'bare-metadata',
  title: { type: 'plain_text', text: 'Reset MFA' },
  submit: { type: 'plain_text', text: 'Request' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [
    {
      type: 'section',
      block_id: 'intro',
      text: { type: 'mrkdwn', text: 'Which of your MFA devices should be reset?' },
      accessory: {
        type: 'button',
        action_id: REFRESH_ACTION_ID,
        text: { type: 'plain_text', text: 'Refresh' },
        value: 'refresh',
      },
    },
    {
      type: 'input',
      block_id: 'devices',
      label: { type: 'plain_text', text: 'Devices' },
      element: {
        type: 'checkboxes',
        action_id: 'devices_input',
        options: [
          { text: { type: 'plain_text', text: 'Phone' }, value: 'arn:aws:iam::123456789012:mfa/alice-phone' },
          { text: { type: 'plain_text', text: 'YubiKey' }, value: 'GAHT12345678' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'urgency',
      label: { type: 'plain_text', text: 'Urgency' },
      optional: true,
      element: {
        type: 'static_select',
        action_id: 'urgency_input',
        options: [
          { text: { type: 'plain_text', text: 'Today' }, value: 'today' },
          { text: { type: 'plain_text', text: 'Now' }, value: 'now' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'reason',
      label: { type: 'plain_text', text: 'Why' },
      element: { type: 'plain_text_input', action_id: 'reason_input', min_length: 10 },
    },
  ],
};

export interface BareBoltApp {
  app: App;
  /** `http://127.0.0.1:PORT/slack/events` */
  eventsUrl: string;
  /** `state.values` of every submission of the bare modal. */
  submissions: ViewOutput['state']['values'][];
  /** Button clicks the app received. */
  clicks: BlockAction[];
  /** Web API errors the app caught (e.g. a refused views.open). */
  apiErrors: unknown[];
  stop(): Promise<void>;
}

export async function startBareBoltApp(options: {
  slackApiUrl: string;
  botToken: string;
  signingSecret: string;
  /** Another modal to open instead (e.g. an invalid one). */
  modal?: ModalView;
}): Promise<BareBoltApp> {
  const app = new App({
    token: options.botToken,
    signingSecret: options.signingSecret,
    logLevel: LogLevel.ERROR,
    // No retries: a refused call should reach the test, not be retried for half an hour.
    clientOptions: { slackApiUrl: options.slackApiUrl, retryConfig: { retries: 0 } },
  });
  const started: Omit<BareBoltApp, 'app' | 'eventsUrl' | 'stop'> = {
    submissions: [],
    clicks: [],
    apiErrors: [],
  };

  app.command('/mfa-reset', async ({ ack, body, client, respond }) => {
    await ack();
    if (body.text === 'help') {
      await respond({ response_type: 'ephemeral', text: 'Usage: /mfa-reset [help | audit …]' });
      return;
    }
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: options.modal ?? bareModal });
    } catch (error) {
      started.apiErrors.push(error);
    }
  });

  app.view(BARE_MODAL_CALLBACK_ID, async ({ ack, view }) => {
    await ack();
    started.submissions.push(view.state.values);
  });

  app.action<BlockAction>(REFRESH_ACTION_ID, async ({ ack, body }) => {
    await ack();
    started.clicks.push(body);
  });

  app.action<BlockAction>(APPROVE_ACTION_ID, async ({ ack, body, respond }) => {
    await ack();
    started.clicks.push(body);
    await respond({ replace_original: true, text: 'Approved' });
  });

  // Port 0: the OS picks a free port; Bolt's start() resolves with the listening http.Server.
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return {
    app,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    ...started,
    stop: async () => {
      await app.stop();
    },
  };
}
