import { describe, expect, it } from 'vitest';
import { createReminderService } from '../../../src/services/reminders.js';
import { aWorld } from '../fakes/world.js';

describe('reminders', () => {
  it('posts each due reminder once, across replicas sweeping at once, without changing the request', async () => {
    const world = aWorld({ rules: { ttlMinutes: 240 } });
    const replicas = [createReminderService(world.deps), createReminderService(world.deps)];
    const request = await world.pendingRequest();
    const version = world.store.current(request.id)!.version;

    expect(await replicas[0]!.remindDue()).toBe(0);
    world.clock.advanceMinutes(30);
    const sent = await Promise.all(replicas.map((replica) => replica.remindDue()));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await Promise.all(replicas.map((replica) => replica.remindDue()))).toEqual([0, 0]);
    expect(world.notifier.reminders.map((r) => r.number)).toEqual([1]);
    expect(world.notifier.reminders[0]?.nextAt).toBeDefined();
    expect(world.store.current(request.id)!.version).toBe(version);
    expect(world.store.events().filter((e) => e.type === 'APPROVERS_REMINDED')).toHaveLength(1);

    world.clock.advanceMinutes(59);
    expect(await replicas[1]!.remindDue()).toBe(0);
    world.clock.advanceMinutes(1);
    expect(await replicas[1]!.remindDue()).toBe(1);
    expect(world.notifier.reminders.map((r) => r.number)).toEqual([1, 2]);
    // The request can still be approved: its version was not moved by the reminders.
    await expect(world.approve(request)).resolves.toMatchObject({
      kind: 'finished',
      request: { state: 'COMPLETED' },
    });
  });

  it('sends nothing when requests.remindAfterMinutes is 0', async () => {
    const world = aWorld({ rules: { remindAfterMinutes: 0 } });
    const reminders = createReminderService(world.deps);
    await world.pendingRequest();
    world.clock.advanceMinutes(45);
    expect(await reminders.remindDue()).toBe(0);
    expect(world.notifier.reminders).toEqual([]);
  });
});
