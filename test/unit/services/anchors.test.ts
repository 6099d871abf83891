import { describe, expect, it } from 'vitest';
import { createAnchoring, createAnchorWriter } from '../../../src/services/anchors.js';
import { createChainWatcher } from '../../../src/services/chain-watch.js';
import { InMemoryAnchors } from '../fakes/in-memory-anchors.js';
import { InMemoryAlarmClaims, InMemoryChain } from '../fakes/in-memory-chain.js';
import { aRequest } from '../fakes/request-builder.js';
import { aWorld } from '../fakes/world.js';

function setUp() {
  const world = aWorld();
  const chain = new InMemoryChain();
  const anchors = new InMemoryAnchors();
  const writer = createAnchorWriter({ anchors, chain, clock: world.deps.clock, logger: world.deps.logger });
  const alarming = {
    alarmClaims: new InMemoryAlarmClaims(),
    alarmLog: world.logger.child({ component: 'alarm' }),
  };
  const watcher = createChainWatcher(
    { ...world.deps, ...alarming, chain, anchors: { anchors, chain } },
    { recheckWindow: 0 },
  );
  return { world, chain, anchors, writer, watcher };
}

describe('the anchor writer', () => {
  it('anchors the head once, and again only after the chain moved', async () => {
    const { chain, anchors, writer } = setUp();
    await writer.anchorHead(); // an empty chain has nothing to anchor
    chain.append(3);
    await writer.anchorHead();
    await writer.anchorHead();
    chain.append(2);
    await writer.anchorHead();

    expect(anchors.creates).toEqual([
      { seq: 3, hash: 'h3' },
      { seq: 5, hash: 'h5' },
    ]);
  });

  it('makes a burst of calls cost one write per head, never one per call', async () => {
    const { chain, anchors, writer } = setUp();
    chain.append(1);
    const first = writer.anchorHead();
    chain.append(1);
    await Promise.all([first, writer.anchorHead(), writer.anchorHead(), writer.anchorHead()]);
    chain.append(1);
    await Promise.all([writer.anchorHead(), writer.anchorHead()]);

    expect(anchors.creates.map((position) => position.seq)).toEqual([2, 3]);
  });

  it('logs, and does not throw, when the anchor of its seq disagrees or S3 fails', async () => {
    const { world, chain, anchors, writer } = setUp();
    chain.append(2);
    anchors.preCreate({ seq: 2, hash: 'planted' });
    await writer.anchorHead();
    chain.append(1);
    anchors.unreadable = true;
    await writer.anchorHead();

    expect(world.logger.at('error').map((entry) => [entry.message, entry.fields])).toEqual([
      ['the audit chain disagrees with its anchor', expect.objectContaining({ seq: 2 })],
      ['could not anchor the audit chain', expect.objectContaining({ code: 'ANCHOR_WRITE_FAILED' })],
    ]);
  });

  it('anchors at once when a request has finished, not while it is open', async () => {
    const world = aWorld();
    const chain = new InMemoryChain();
    const anchors = new InMemoryAnchors();
    const anchoring = createAnchoring({ anchors, chain, clock: world.deps.clock, logger: world.deps.logger });
    const settled = () => new Promise((resolve) => setImmediate(resolve));
    chain.append(2);

    anchoring.requestChanged(aRequest({ state: 'PENDING' }));
    anchoring.requestChanged(aRequest({ state: 'EXECUTING' }));
    await settled();
    expect(anchors.creates).toEqual([]);
    anchoring.requestChanged(aRequest({ state: 'COMPLETED' }));
    await settled();

    expect(anchors.creates).toEqual([{ seq: 2, hash: 'h2' }]);
  });

  it('says at start-up what a bot without anchors costs, once', () => {
    const world = aWorld();
    const anchoring = createAnchoring({
      anchors: undefined,
      chain: new InMemoryChain(),
      clock: world.deps.clock,
      logger: world.deps.logger,
    });

    expect(anchoring.watch).toEqual({});
    expect(anchoring.writer).toBeUndefined();
    expect(world.logger.at('warn').map((entry) => entry.message)).toEqual([
      expect.stringMatching(/no anchors outside the table.*rewrite events and the chain head together/),
    ]);
  });
});

describe('the chain watcher, with anchors', () => {
  it('alarms once when events and the head were rewritten together from an anchored event on', async () => {
    const { world, chain, writer, watcher } = setUp();
    chain.append(5);
    await writer.anchorHead();
    expect(await watcher.check()).toEqual({ verifiedSeq: 5, alarmed: false });

    chain.rewriteFrom(3);
    const result = await watcher.check();

    expect(result).toMatchObject({
      broken: { seq: 5, problem: expect.stringMatching(/^anchor memory:\/\/anchors\/5 disagrees/) },
      alarmed: true,
    });
    expect(world.notifier.alarms).toHaveLength(1);
    expect(await watcher.check()).toMatchObject({ broken: { seq: 5 }, alarmed: false });
  });

  it('alarms when an anchor key holds a second version, even one that agrees', async () => {
    const { chain, anchors, writer, watcher } = setUp();
    chain.append(4);
    await writer.anchorHead();
    anchors.overwrite({ seq: 4, hash: 'h4' });

    expect(await watcher.check()).toMatchObject({
      broken: { seq: 4, problem: expect.stringMatching(/holds 2 versions/) },
      alarmed: true,
    });
  });

  it('alarms when an anchor names an event the trail does not have', async () => {
    const { chain, anchors, watcher } = setUp();
    chain.append(2);
    anchors.preCreate({ seq: 7, hash: 'h7' });

    expect(await watcher.check()).toMatchObject({
      broken: { seq: 7, problem: expect.stringMatching(/the trail has no event 7/) },
    });
  });

  it('reports anchors it cannot read without calling it a break', async () => {
    const { world, chain, anchors, watcher } = setUp();
    chain.append(2);
    anchors.unreadable = true;

    expect(await watcher.check()).toEqual({ verifiedSeq: 2, alarmed: false, anchorsUnreadable: true });
    expect(world.notifier.alarms).toHaveLength(0);
    expect(world.logger.at('error').map((entry) => [entry.message, entry.fields])).toEqual([
      [
        'the audit chain anchors could not be checked',
        expect.objectContaining({ code: 'ANCHORS_UNREADABLE' }),
      ],
    ]);
  });
});
