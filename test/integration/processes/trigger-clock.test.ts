import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { people } from '../../../sandbox/cast.js';
import { ActionId } from '../../../src/slack/ids.js';
import {
  type BotFleet,
  type BotProcess,
  requestThrough,
  startBotFleet,
} from '../../harness/bot-processes.js';

/** Holds this thread (the one playing Slack's API) for `ms`, as a burst's work would. */
function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Nothing: the point is that this event loop reads no request meanwhile.
  }
}

/**
 * Slack's 3 s for a trigger_id run from the click to Slack receiving `views.open`. The fake Slack
 * plays Slack's API on the test process's event loop, which a burst keeps busy; the bot processes
 * reach it through a thread of its own that notes when each call arrived
 * (test/harness/own-thread-receiver.ts), so a bot that called in time is not refused because
 * the fake read its call late.
 */
describe('a trigger_id’s 3 s, as Slack counts them', () => {
  let fleet: BotFleet;
  let bot: BotProcess;

  beforeAll(async () => {
    fleet = await startBotFleet({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
    bot = await fleet.start();
  });
  afterAll(async () => fleet?.close());

  it('opens the approval modal when the bot called in time, however late the fake read the call', async () => {
    fleet.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const request = await requestThrough(fleet, bot, { userId: people.alice.slackId });
    const message = request.approvalMessage!;
    const mark = fleet.slack.callCount();

    const click = bot.driver.blockAction({
      userId: people.erin.slackId,
      actionId: ActionId.approve,
      message: { channel: message.channel, ts: message.ts },
    });
    // The bot answers the click and calls views.open within its 3 s; this thread reads that call
    // only after it, past the trigger's 3 s.
    busyFor(3_500);
    const sent = await click;

    const opened = await fleet.slack.waitForCall('views.open', {
      since: mark,
      where: (call) => call.args.trigger_id === sent.sent.trigger_id,
      timeoutMs: 10_000,
    });
    expect(opened.response).toMatchObject({ ok: true });
  });
});
