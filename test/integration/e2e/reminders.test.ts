import { afterEach, describe, expect, it } from 'vitest';
import {
  APPROVALS_CHANNEL,
  approveWithCode,
  eventTypes,
  eventually,
  people,
  requestReset,
  shown,
  startWorld,
  type World,
} from './world.js';

const MINUTE = 60_000;

/** The reminders the bot posted in the thread of the approval message `ts`. */
function remindersIn(world: World, ts: string) {
  return world.slack
    .calls('chat.postMessage')
    .filter(
      (call) => call.response.ok && call.args.channel === APPROVALS_CHANNEL && call.args.thread_ts === ts,
    );
}

describe('reminders to the approvers', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('posts each due reminder once in the approval thread, with two replicas sweeping at once, and leaves the request approvable', async () => {
    world = await startWorld({ remindAfterMinutes: 10 });
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const replica = await world.startReplica();
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });

    await Promise.all([world.bot.checks.sweep(), replica.checks.sweep()]);
    expect(remindersIn(world, messageTs)).toHaveLength(0);

    world.advanceClock(11 * MINUTE);
    await Promise.all([world.bot.checks.sweep(), replica.checks.sweep()]);
    await Promise.all([world.bot.checks.sweep(), replica.checks.sweep()]);
    expect(remindersIn(world, messageTs)).toHaveLength(1);
    const first = shown(remindersIn(world, messageTs)[0]!.args);
    expect(first).toContain('Still waiting for approval (0 of 1)');
    expect(first).toContain('<!subteam^S0SECURITY>');
    expect(first).toContain(`<@${people.erin.slackId}>`);
    expect(first).toMatch(/Next reminder/);

    // Reminder 2 falls 2R after the first (3R after the request); it is the last before expiry.
    world.advanceClock(19 * MINUTE);
    await Promise.all([world.bot.checks.sweep(), replica.checks.sweep()]);
    expect(remindersIn(world, messageTs)).toHaveLength(2);
    expect(shown(remindersIn(world, messageTs)[1]!.args)).toContain('This is the last reminder.');

    const stored = await world.requestById(request.id);
    expect(stored?.version).toBe(request.version);
    const trail = await world.auditOf(request.id);
    expect(trail.filter((e) => e.type === 'APPROVERS_REMINDED').map((e) => e.details)).toEqual([
      expect.objectContaining({ reminder: 1 }),
      expect.objectContaining({ reminder: 2 }),
    ]);

    await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });
    await eventually(async () => (await world.requestById(request.id))?.state === 'COMPLETED');
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
  });

  it('sends none for a request that expired before the sweep came round', async () => {
    world = await startWorld({ remindAfterMinutes: 10 });
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });

    world.advanceClock(61 * MINUTE);
    await world.bot.checks.sweep();

    expect((await world.requestById(request.id))?.state).toBe('EXPIRED');
    expect(remindersIn(world, messageTs)).toHaveLength(0);
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'REQUEST_EXPIRED',
    ]);
  });

  it('sends none at all with remindAfterMinutes 0', async () => {
    world = await startWorld({ remindAfterMinutes: 0 });
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });

    world.advanceClock(45 * MINUTE);
    await world.bot.checks.sweep();
    expect(remindersIn(world, messageTs)).toHaveLength(0);
    world.advanceClock(20 * MINUTE);
    await world.bot.checks.sweep();

    expect(remindersIn(world, messageTs)).toHaveLength(0);
    expect((await world.requestById(request.id))?.state).toBe('EXPIRED');
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'REQUEST_EXPIRED',
    ]);
  });
});
