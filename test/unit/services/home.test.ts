import { describe, expect, it } from 'vitest';
import { createApprovalService } from '../../../src/services/approval/service.js';
import { createHomeService, type HomeModel } from '../../../src/services/home.js';
import { createRequestService } from '../../../src/services/requests.js';
import { InMemoryChain } from '../fakes/in-memory-chain.js';
import { ALICE, ERIN, FRANK, MALLORY } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

function setUp() {
  const world = aWorld({ rules: { auditors: { users: [ERIN, MALLORY], userGroups: ['S0AUDIT'] } } });
  const chain = new InMemoryChain();
  const published: HomeModel[] = [];
  const home = createHomeService({
    ...world.deps,
    chain,
    publisher: { publish: async (model) => void published.push(model) },
    refreshDelayMs: 5,
  });
  return { world, chain, home, published };
}

describe('App Home by role', () => {
  it('shows a requester their own requests, newest first, and nothing of anyone else', async () => {
    const { world, home } = setUp();
    const first = await world.pendingRequest();
    await world.approvals.deny({ requestId: first.id, approverSlackId: ERIN, reason: 'no' });
    world.clock.advanceMinutes(1);
    const second = await world.pendingRequest();

    const model = await home.homeFor(ALICE);

    expect(model.roles).toEqual({ approver: false, auditor: false });
    expect(model.ownRequests.map((r) => [r.id, r.state])).toEqual([
      [second.id, 'PENDING'],
      [first.id, 'DENIED'],
    ]);
    expect(model.pendingRequests).toEqual([]);
    expect(model.latestRequests).toEqual([]);
    expect(model.chain).toBeUndefined();
  });

  it('shows approvers (listed or by group) the pending requests, and auditors the latest and the chain', async () => {
    const { world, chain, home } = setUp();
    const pending = await world.pendingRequest();
    chain.append(2);
    await chain.recordVerified({ seq: 2, hash: 'h2', at: world.clock.now().toISOString(), recheckFrom: 1 });

    const approverAndAuditor = await home.homeFor(ERIN);
    const groupApprover = await home.homeFor(FRANK);
    const auditorOnly = await home.homeFor(MALLORY);

    expect(approverAndAuditor.roles).toEqual({ approver: true, auditor: true });
    expect(approverAndAuditor.pendingRequests.map((r) => r.id)).toEqual([pending.id]);
    expect(approverAndAuditor.latestRequests.map((r) => r.id)).toEqual([pending.id]);
    expect(approverAndAuditor.chain?.verified?.seq).toBe(2);
    expect(groupApprover.roles).toEqual({ approver: true, auditor: false });
    expect(groupApprover.pendingRequests).toHaveLength(1);
    expect(auditorOnly.roles).toEqual({ approver: false, auditor: true });
    expect(auditorOnly.pendingRequests).toEqual([]);
  });

  it('reads group membership for the Home from the short cache (display), not Slack every time', async () => {
    const { world, home } = setUp();
    await home.homeFor(ALICE);
    expect(world.directory.groupLookups.sort()).toEqual(['S0AUDIT', 'S0SECURITY']);
    expect(new Set(world.directory.lookupUses)).toEqual(new Set(['display']));
  });

  it('refreshes the members who opened their Home in the last hour, not those who never looked', async () => {
    const { world, home, published } = setUp();
    await home.opened(FRANK);
    world.clock.advanceMinutes(61);
    await home.opened(ERIN);
    const request = await world.pendingRequest();

    await home.refreshAfterChange(request);

    expect(published.map((m) => m.slackUserId)).toEqual([ERIN]);
    expect(published.find((m) => m.slackUserId === ERIN)?.pendingRequests.map((r) => r.id)).toEqual([
      request.id,
    ]);
  });

  it('gathers changes that come close together into one refresh per member', async () => {
    const { world, home, published } = setUp();
    await home.opened(ALICE);
    const request = await world.pendingRequest();

    await Promise.all([
      home.refreshAfterChange(request),
      home.refreshAfterChange({ ...request, state: 'EXECUTING' }),
      home.refreshAfterChange({ ...request, state: 'COMPLETED' }),
    ]);

    expect(published.map((m) => m.slackUserId)).toEqual([ALICE]);
    home.stop();
  });

  it('hears of every change people see through requestChanged: announced, then decided', async () => {
    const changed: string[] = [];
    const world = aWorld();
    const deps = {
      ...world.deps,
      requestChanged: (request: { state: string }) => changed.push(request.state),
    };
    const requests = createRequestService(deps);
    const approvals = createApprovalService(deps);
    const prepared = await requests.prepare(ALICE);
    if ('choices' in prepared) throw new Error('alice has IAM users in several accounts');
    const request = await requests.submit({
      slackUserId: ALICE,
      iamUserName: prepared.iamUserName,
      serials: prepared.devices.map((d) => d.serial),
      reason: 'Lost my phone again',
    });
    await approvals.approve({
      requestId: request.id,
      approverSlackId: ERIN,
      tokenCode: world.codeFor(ERIN),
    });

    expect(changed).toEqual(['PENDING', 'COMPLETED']);
  });
});
