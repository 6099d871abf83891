import { afterEach, describe, expect, it } from 'vitest';
import {
  APPROVALS_CHANNEL,
  approveWithCode,
  eventTypes,
  pendingResetOfAlice,
  people,
  shown,
  startWorld,
  type World,
} from './world.js';

/**
 * Socket Mode (SLACK_APP_TOKEN), the mode the stack deploys: the bot opens its connection with
 * `apps.connections.open` on the fake Slack, is greeted with `hello`, and every command and click
 * reaches it as an envelope that it must acknowledge by `envelope_id`.
 */
describe('a reset over Socket Mode', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('requests, approves with a code STS verifies and resets, all over the WebSocket', async () => {
    world = await startWorld({ socketMode: true });
    expect(world.bot.port).toBeUndefined();
    expect(world.slack.socketMode.connections).toBe(1);

    const { phone, request, messageTs } = await pendingResetOfAlice(world);
    const { answer } = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });

    expect(answer.outcome.accepted).toBe(true);
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
    expect(world.aws.state.virtualDeviceExists(phone.serial)).toBe(false);
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(1);
    expect((await world.requestById(request.id))?.state).toBe('COMPLETED');
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'TOKEN_SUBMITTED',
      'REQUEST_APPROVED',
      'EXECUTION_STARTED',
      'DEVICE_DEACTIVATED',
      'DEVICE_DELETED',
      'REQUEST_COMPLETED',
    ]);
    expect(shown(world.slack.message(APPROVALS_CHANNEL, messageTs))).toContain(people.erin.slackId);
    expect(shown(world.slack.dmsTo(people.alice.slackId).at(-1))).toMatch(/enrol/i);
    // Only the app-level token opened the connection; nothing went to a request URL.
    expect(world.slack.calls('apps.connections.open')).toHaveLength(1);
  });

  it('acknowledges an Events API envelope (app_home_opened) and publishes the Home tab', async () => {
    world = await startWorld({ socketMode: true });

    const sent = await world.driver.appHomeOpened({ userId: people.alice.slackId });

    expect(sent.status).toBe(200);
    await world.slack.waitForCall('views.publish', {
      since: sent.callMark,
      where: (call) => call.args.user_id === people.alice.slackId,
      timeoutMs: 5_000,
    });
    expect(world.slack.homeViewOf(people.alice.slackId)).toBeDefined();
  });

  it.each(['refresh_requested', 'warning'] as const)(
    'reconnects when Slack asks it to (disconnect, %s) and carries on with the approval',
    async (reason) => {
      world = await startWorld({ socketMode: true });
      const { phone, request, messageTs } = await pendingResetOfAlice(world);

      world.slack.socketMode.disconnect(reason);
      await world.slack.socketMode.waitForConnections(2, { timeoutMs: 15_000 });
      const { answer } = await approveWithCode(world, {
        approver: people.erin.slackId,
        messageTs,
        code: world.codeOf(people.erin.slackId),
      });

      expect(answer.outcome.accepted).toBe(true);
      expect(world.slack.calls('apps.connections.open')).toHaveLength(2);
      expect(world.aws.state.virtualDeviceExists(phone.serial)).toBe(false);
      expect((await world.requestById(request.id))?.state).toBe('COMPLETED');
    },
  );
});
