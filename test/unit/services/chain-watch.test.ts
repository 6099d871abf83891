import { describe, expect, it } from 'vitest';
import { createChainWatcher } from '../../../src/services/chain-watch.js';
import { InMemoryAlarmClaims, InMemoryChain } from '../fakes/in-memory-chain.js';
import { SECURITY_GROUP } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

const AUDITOR = 'U0AUDITOR';
const AUDIT_GROUP = 'S0AUDIT';
const GROUP_AUDITOR = 'U0GROUPAUDITOR';

function setUp(options: { batch?: number; recheckWindow?: number } = {}) {
  const world = aWorld({ rules: { auditors: { users: [AUDITOR], userGroups: [AUDIT_GROUP] } } });
  world.directory.setGroup(AUDIT_GROUP, [GROUP_AUDITOR]);
  const chain = new InMemoryChain();
  const alarmClaims = new InMemoryAlarmClaims();
  const deps = { ...world.deps, chain, alarmClaims, alarmLog: world.logger.child({ component: 'alarm' }) };
  const watcher = createChainWatcher(deps, {
    batch: options.batch ?? 10,
    recheckWindow: options.recheckWindow ?? 5,
  });
  return { world, chain, alarmClaims, deps, watcher };
}

describe('the chain watcher', () => {
  it('verifies from the checkpoint on, reading only the new events each time', async () => {
    const { chain, watcher } = setUp({ recheckWindow: 0 });
    chain.append(25);

    expect(await watcher.check()).toEqual({ verifiedSeq: 25, alarmed: false });
    expect(chain.state.verified).toMatchObject({ seq: 25, hash: 'h25' });
    const readBefore = chain.eventsRead;
    chain.append(3);
    expect(await watcher.check()).toEqual({ verifiedSeq: 28, alarmed: false });
    expect(chain.eventsRead - readBefore).toBe(3);
  });

  it('raises one alarm per break, to the channel and every auditor, audited; later checks stay quiet', async () => {
    const { world, chain, watcher } = setUp();
    chain.append(12);
    await watcher.check();
    chain.append(5);
    chain.edit(14);

    const result = await watcher.check();

    expect(result).toMatchObject({ verifiedSeq: 13, broken: { seq: 14 }, alarmed: true });
    expect(world.notifier.alarms).toEqual([
      { kind: 'chain-broken', firstBadSeq: 14, problem: 'event 14 was modified', verifiedSeq: 13 },
    ]);
    expect(world.notifier.alarmDms.map((dm) => dm.to).sort()).toEqual([AUDITOR, GROUP_AUDITOR].sort());
    expect(world.store.eventTypes()).toEqual(['AUDIT_CHAIN_BROKEN']);
    expect(world.store.events()[0]?.details).toMatchObject({ firstBadSeq: 14, verifiedSeq: 13 });
    expect(chain.state.broken).toMatchObject({ seq: 14 });
    expect(world.directory.lookupUses.every((use) => use === 'decision')).toBe(true);

    expect(await watcher.check()).toMatchObject({ broken: { seq: 14 }, alarmed: false });
    expect(world.notifier.alarms).toHaveLength(1);
    expect(world.store.eventTypes()).toEqual(['AUDIT_CHAIN_BROKEN']);
  });

  it('skips the alarm DM of an auditor whose Slack account is deactivated, and audits the skip', async () => {
    const { world, chain, watcher } = setUp();
    world.directory.deactivated.add(GROUP_AUDITOR);
    chain.append(6);
    chain.edit(3);

    expect(await watcher.check()).toMatchObject({ alarmed: true });

    expect(world.notifier.alarmDms.map((dm) => dm.to)).toEqual([AUDITOR]);
    expect(world.store.eventTypes().sort()).toEqual(['AUDIT_CHAIN_BROKEN', 'NOTIFICATION_SKIPPED']);
    const skipped = world.store.events().find((event) => event.type === 'NOTIFICATION_SKIPPED');
    expect(skipped).toMatchObject({
      errorCode: 'MEMBER_DEACTIVATED',
      details: { what: 'alarm DM', member: GROUP_AUDITOR },
    });
  });

  it('delivers the alarm once per watcher when two watchers find the break at the same moment, never zero times', async () => {
    const { world, chain, deps, watcher } = setUp();
    const other = createChainWatcher(deps); // another replica's
    chain.append(8);
    chain.remove(5);

    const results = await Promise.all([watcher.check(), other.check(), watcher.check()]);

    expect(results.map((r) => r.broken?.seq)).toEqual([5, 5, 5]);
    const delivered = results.filter((r) => r.alarmed).length;
    expect(delivered).toBeGreaterThanOrEqual(1);
    expect(delivered).toBeLessThanOrEqual(2);
    expect(world.notifier.alarms).toHaveLength(delivered);
    expect(await other.check()).toMatchObject({ alarmed: false });
    expect(world.notifier.alarms).toHaveLength(delivered);
  });

  it('logs the line the metric filter counts at every check that finds the break, delivered or not', async () => {
    const { world, chain, watcher } = setUp();
    chain.append(4);
    chain.edit(2);

    await watcher.check();
    await watcher.check();

    const lines = world.logger.at('error').filter((entry) => entry.message === 'audit chain broken');
    expect(lines.map((line) => line.fields)).toEqual([
      expect.objectContaining({ alarm: true, eventType: 'AUDIT_CHAIN_BROKEN', firstBadSeq: 2 }),
      expect.objectContaining({ alarm: true, eventType: 'AUDIT_CHAIN_BROKEN', firstBadSeq: 2 }),
    ]);
    expect(world.notifier.alarms).toHaveLength(1);
  });

  it('posts the alarm before it audits and claims it', async () => {
    const { world, chain, alarmClaims, watcher } = setUp();
    chain.append(4);
    chain.edit(2);
    const seen: string[] = [];
    const { postAlarm } = world.notifier;
    world.notifier.postAlarm = async (alarm) => {
      seen.push(`posted; audited ${world.store.eventTypes().length}; claimed ${alarmClaims.claims.size}`);
      return postAlarm.call(world.notifier, alarm);
    };

    await watcher.check();

    expect(seen).toEqual(['posted; audited 0; claimed 0']);
    expect([...alarmClaims.claims.keys()]).toEqual(['chain-broken#2']);
  });

  it('delivers the alarm when its claim cannot be read, and tries again when nobody could be told', async () => {
    const { world, chain, alarmClaims, watcher } = setUp();
    chain.append(4);
    chain.edit(2);
    alarmClaims.unavailable = true;
    expect(await watcher.check()).toMatchObject({ alarmed: true });
    expect(world.notifier.alarms).toHaveLength(1);

    alarmClaims.unavailable = false;
    chain.edit(3);
    chain.append(1);
    world.notifier.failing.add('alarm');
    expect(await watcher.check()).toMatchObject({ broken: { seq: 2 }, alarmed: false });
    world.notifier.failing.delete('alarm');
    expect(await watcher.check()).toMatchObject({ broken: { seq: 2 }, alarmed: true });
    expect(world.notifier.alarms).toHaveLength(2);
  });

  it('alarms before it writes the checkpoint, so a failed write cannot hold the alarm back', async () => {
    const { world, chain, watcher } = setUp();
    chain.append(4);
    chain.edit(2);
    chain.recordVerified = async () => {
      throw new Error('the table refused the checkpoint');
    };

    await expect(watcher.check()).rejects.toThrow('the table refused the checkpoint');

    expect(world.notifier.alarms).toEqual([
      expect.objectContaining({ kind: 'chain-broken', firstBadSeq: 2 }),
    ]);
  });

  it('delivers a break still there a day after its alarm again', async () => {
    const { world, chain, watcher } = setUp();
    chain.append(4);
    chain.edit(2);
    expect(await watcher.check()).toMatchObject({ alarmed: true });
    world.clock.advanceMinutes(23 * 60);
    expect(await watcher.check()).toMatchObject({ alarmed: false });

    world.clock.advanceMinutes(61);

    expect(await watcher.check()).toMatchObject({ broken: { seq: 2 }, alarmed: true });
    expect(world.notifier.alarms).toHaveLength(2);
  });

  it('never moves the shared checkpoint back', async () => {
    const { world, chain, watcher } = setUp({ recheckWindow: 0 });
    chain.append(10);
    await watcher.check();
    expect(
      await chain.recordVerified({ seq: 3, hash: 'h3', at: world.clock.now().toISOString(), recheckFrom: 1 }),
    ).toBe(false);
    expect(chain.state.verified?.seq).toBe(10);
  });

  it('re-checks older events a window at a time, round and round, and keeps a break there in view', async () => {
    const { world, chain, watcher } = setUp({ recheckWindow: 4 });
    chain.append(10);
    await watcher.check();
    expect(chain.state.recheckFrom).toBe(1); // nothing verified yet when it started
    await watcher.check();
    expect(chain.state.recheckFrom).toBe(5);
    await watcher.check();
    expect(chain.state.recheckFrom).toBe(9);
    chain.edit(3); // behind the checkpoint and the window
    await watcher.check();
    expect(chain.state.recheckFrom).toBe(1);

    expect(await watcher.check()).toMatchObject({ broken: { seq: 3 }, alarmed: true });
    expect(chain.state.recheckFrom).toBe(1);
    expect(await watcher.check()).toMatchObject({ broken: { seq: 3 }, alarmed: false });
    expect(world.notifier.alarms).toHaveLength(1);
  });

  it('still alarms the channel when the auditors cannot be listed or the audit write fails', async () => {
    const { world, chain, watcher } = setUp();
    chain.append(3);
    chain.edit(2);
    world.store.unavailable = true;
    world.directory.setGroup(SECURITY_GROUP, []);

    expect(await watcher.check()).toMatchObject({ alarmed: true });
    expect(world.notifier.alarms).toHaveLength(1);
    expect(world.logger.at('error').map((e) => e.message)).toContain('could not audit the alarm');
  });
});
