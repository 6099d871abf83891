import { describe, expect, it } from 'vitest';
import { createHomeService } from '../../../src/services/home.js';
import { createReconciler } from '../../../src/services/reconcile.js';
import { homeView } from '../../../src/slack/views/index.js';
import { ALICE, ALICE_VIRTUAL, ERIN, MALLORY } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';
import { allText } from '../slack/all-text.js';

describe('App Home with a reset a crash left unfinished', () => {
  it('shows approvers the request with Finish the reset, and nobody else', async () => {
    const world = aWorld({ rules: { auditors: { users: [MALLORY], userGroups: [] } } });
    const seeded = world.seedRequest({ state: 'EXECUTING', version: 3 });
    world.iam.removeDevice('alice', ALICE_VIRTUAL, { deleted: false });
    world.clock.advanceMinutes(6);
    await createReconciler(world.deps).reconcileInterrupted({ staleAfterMs: 5 * 60_000 });
    const home = createHomeService({
      ...world.deps,
      chain: { readWatchState: async () => ({}) },
      publisher: { publish: async () => {} },
    });

    const approver = await home.homeFor(ERIN);
    const requester = await home.homeFor(ALICE);
    const auditor = await home.homeFor(MALLORY);

    expect(approver.unfinishedRequests.map((r) => r.id)).toEqual([seeded.id]);
    expect(requester.unfinishedRequests).toEqual([]);
    expect(auditor.unfinishedRequests).toEqual([]);
    expect(auditor.latestRequests.map((r) => [r.id, r.state])).toEqual([[seeded.id, 'UNFINISHED']]);
    const view = allText(homeView(approver));
    expect(view).toContain('Unfinished resets');
    expect(view).toContain(ALICE_VIRTUAL);
    expect(view).toContain('Finish the reset');
    expect(allText(homeView(requester))).not.toContain('Finish the reset');
  });
});
