import type { ViewSubmitAction } from '@slack/bolt';
import type { FakeSlack, SubmissionOutcome } from '../fake-slack/index.js';
import type { Tamper } from './signing.js';
import type { UserInputs } from './state-values.js';
import type { Transport, WireResponse } from './wire.js';

/** What the driver is given and what it answers. */
export interface SlackDriverOptions {
  /** The bot's request URL, e.g. `http://127.0.0.1:PORT/slack/events` (unused over Socket Mode). */
  eventsUrl: string;
  signingSecret: string;
  /** Where triggers and response_urls come from, and where views and messages are read. */
  slack: FakeSlack;
  /** Clock for signature timestamps; Date.now by default. */
  now?: () => number;
  /** How requests reach the app: `fetch` on this thread by default, or `socketModeTransport(slack)`. */
  transport?: Transport;
}

export interface SendOptions {
  /** Send what Slack never would, to check the app refuses it (Bolt answers 401). */
  tamper?: Tamper;
  /**
   * Give up waiting for the app's answer after this long, as Slack does after 3 s
   * (`operation_timeout`); the answer is then `timedOut` and a submission's ack is not applied.
   */
  timeoutMs?: number;
}

export type DriverResponse<Payload> = WireResponse<Payload>;

export interface SlashCommandInput {
  userId: string;
  channelId: string;
  command?: string;
  text?: string;
  /** Hand the app a trigger_id this old (over 3000 ms is already stale). */
  triggerAgeMs?: number;
}

/** Where the clicked element is: a message in a channel or DM, an open modal, or the user's App Home. */
export type ActionSource =
  | { message: { channel: string; ts: string } }
  | { viewId: string; inputs?: UserInputs }
  | { home: true };

export type BlockActionInput = ActionSource & {
  userId: string;
  actionId: string;
  blockId?: string;
  /** Button: asserts the button's value (a user cannot change it). Select/overflow: the chosen option. */
  value?: string;
  /** Checkboxes: the values now ticked. */
  values?: string[];
  triggerAgeMs?: number;
};

export interface ViewSubmissionInput {
  viewId: string;
  /** Defaults to the user the modal was opened for; nobody else can submit it. */
  userId?: string;
  inputs?: UserInputs;
  /**
   * Sends the form with required inputs left empty, as Slack's client never would: a forged
   * submission, signed with a leaked signing secret.
   */
  forged?: boolean;
}

export type ViewSubmissionResponse = DriverResponse<ViewSubmitAction> & { outcome: SubmissionOutcome };
