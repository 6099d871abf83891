import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../../src/slack/ids.js';
import { APPROVALS_CHANNEL, clickDecision, people, requestReset, startWorld, type World } from './world.js';

describe('the HTTP endpoints', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('answers GET /healthz', async () => {
    world = await startWorld();
    const response = await fetch(`http://127.0.0.1:${world.bot.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it.each(['bad-signature', 'stale-timestamp', 'no-signature'] as const)(
    'rejects a slash command with a %s and does nothing',
    async (tamper) => {
      world = await startWorld();
      world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
      const sent = await world.driver.slashCommand(
        { userId: people.alice.slackId, channelId: APPROVALS_CHANNEL },
        { tamper },
      );
      expect(sent.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(world.slack.calls('views.open')).toHaveLength(0);
      expect(world.aws.state.calls).toHaveLength(0);
    },
  );

  it('opens the modal within the trigger’s 3 s even when IAM is slow, then fills the devices in', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    // Slower than a trigger_id lives: a bot that listed devices before opening the modal would fail.
    world.aws.faults.setLatency('ListMFADevices', 3_500);
    const sent = await world.driver.slashCommand({
      userId: people.alice.slackId,
      channelId: APPROVALS_CHANNEL,
    });

    expect(sent.status).toBe(200);
    const opened = await world.slack.waitForCall('views.open', { since: sent.callMark });
    expect(opened.response.ok).toBe(true);
    const updated = await world.slack.waitForCall('views.update', { since: sent.callMark, timeoutMs: 8_000 });
    expect(updated.response.ok).toBe(true);
    expect((updated.args.view as { callback_id: string }).callback_id).toBe(CallbackId.requestModal);
  });

  it('opens the Approve modal within the trigger’s 3 s even when the store is slow, then fills it in', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { messageTs } = await requestReset(world, { userId: people.alice.slackId });
    // Slower than a trigger_id lives: a bot that read the request before opening the modal would fail.
    world.dynamo.delayRequests(2_800, { operations: ['GetItem'] });
    const { sent } = await clickDecision(world, {
      userId: people.erin.slackId,
      messageTs,
      action: 'approve',
    });

    const opened = await world.slack.waitForCall('views.open', { since: sent.callMark });
    expect(opened.response.ok).toBe(true);
    const updated = await world.slack.waitForCall('views.update', {
      since: sent.callMark,
      timeoutMs: 10_000,
    });
    expect((updated.args.view as { callback_id: string }).callback_id).toBe(CallbackId.approveModal);
  });

  it('logs a Slack refusal to open the Approve modal as SLACK_API_ERROR, never INTERNAL', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { messageTs } = await requestReset(world, { userId: people.alice.slackId });
    const sent = await world.driver.blockAction({
      userId: people.erin.slackId,
      actionId: ActionId.approve,
      message: { channel: APPROVALS_CHANNEL, ts: messageTs },
      triggerAgeMs: 4_000,
    });

    const refused = await world.slack.waitForCall('views.open', { since: sent.callMark });
    expect(refused.response).toMatchObject({ ok: false, error: 'expired_trigger_id' });
    const logged = await world.slack
      .waitFor(() => world.logs.find((line) => line.includes('expired_trigger_id')), { timeoutMs: 5_000 })
      .catch(() => undefined);
    const lines = world.logs.join('\n');
    expect(logged ?? lines).toMatch(/"code":"SLACK_API_ERROR"/);
    expect(lines).not.toMatch(/"code":"INTERNAL"/);
  });
});

describe('App Home', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('publishes the usage on the Home tab when a member opens it', async () => {
    world = await startWorld();
    const sent = await world.driver.appHomeOpened({ userId: people.alice.slackId });
    expect(sent.status).toBe(200);
    const published = await world.slack.waitForCall('views.publish', { since: sent.callMark });
    expect(published.response.ok).toBe(true);
    expect(published.args.user_id).toBe(people.alice.slackId);
    expect(JSON.stringify(world.slack.homeViewOf(people.alice.slackId)?.view)).toContain('/mfa-reset');
  });
});
