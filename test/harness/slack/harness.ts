import { webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { type FakeSlack, type FakeSlackOptions, startFakeSlack } from '../../../sandbox/fake-slack/index.js';
import { createSlackDriver, type SlackDriver } from '../../../sandbox/slack-driver/index.js';
import type { SlackIdentity } from '../../../src/slack/reach.js';
import { type BareBoltApp, startBareBoltApp } from './bare-bolt-app.js';

export const SIGNING_SECRET = 'fake-signing-secret';

/** A small workspace: Alice requests, Bob approves (through the security group). */
export const directory: NonNullable<FakeSlackOptions['directory']> = {
  users: [
    { id: 'U0ALICE', name: 'alice', email: 'alice@example.com' },
    { id: 'U0BOB', name: 'bob', email: 'bob@example.com' },
  ],
  userGroups: [{ id: 'S0SECURITY', handle: 'security', users: ['U0BOB'] }],
  channels: [
    { id: 'C0APPROVALS', name: 'mfa-approvals', members: ['U0BOB'] },
    { id: 'C0GENERAL', name: 'general' },
  ],
};

export interface Harness {
  slack: FakeSlack;
  bolt: BareBoltApp;
  driver: SlackDriver;
  close(): Promise<void>;
}

/** Fake Slack + the bare Bolt app wired to it + a driver that plays Slack towards the app. */
export async function startHarness(
  options: { modal?: ModalView; slack?: FakeSlackOptions } = {},
): Promise<Harness> {
  const slack = await startFakeSlack({ directory, ...options.slack });
  const bolt = await startBareBoltApp({
    slackApiUrl: slack.apiUrl,
    botToken: slack.identity.botToken,
    signingSecret: SIGNING_SECRET,
    ...(options.modal !== undefined && { modal: options.modal }),
  });
  const driver = createSlackDriver({ eventsUrl: bolt.eventsUrl, signingSecret: SIGNING_SECRET, slack });
  return {
    slack,
    bolt,
    driver,
    close: async () => {
      await bolt.stop();
      await slack.close();
    },
  };
}

/** A WebClient of our own against the fake, for checking its rules directly; no retries. */
/** Who the bot is in the fake workspace, as start-up's `auth.test` would have found out. */
export function identityOf(slack: FakeSlack): SlackIdentity {
  return {
    team: slack.identity.teamDomain,
    botUserId: slack.identity.botUserId,
    botId: slack.identity.botId,
  };
}

export function webClient(slack: FakeSlack, token = slack.identity.botToken): webApi.WebClient {
  return new webApi.WebClient(token, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
}

/** The `{ ok: false, error, ... }` body of a call Slack refused (WebClient throws it as `data`). */
export async function refusal(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: Record<string, unknown> }).data;
    if (data !== undefined) return data;
    throw error;
  }
  throw new Error('expected Slack to refuse the call, but it succeeded');
}
