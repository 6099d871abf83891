import { describe, expect, it } from 'vitest';
import { ERIN, FRANK, SAM, SECURITY_GROUP } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

describe('approve: decisions on fresh facts', () => {
  it('reads approver group membership from Slack itself for every decision', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await world.approvals.openDecision(request.id, FRANK);
    await world.approve(request, { by: FRANK });
    expect(world.directory.groupLookups).toEqual([SECURITY_GROUP, SECURITY_GROUP]);
    expect(world.directory.lookupUses).toEqual(['decision', 'decision']);
  });

  it('does not count an approval from a member who has left the approvers since', async () => {
    const world = aWorld({ rules: { approvers: { minApprovals: 2 } } });
    const request = await world.pendingRequest();
    await world.approve(request, { by: FRANK });
    world.directory.setGroup(SECURITY_GROUP, []);

    const second = await world.approve(request, { by: ERIN });

    expect(second).toMatchObject({ kind: 'approval-recorded', approvalsNeeded: 1 });
    expect(world.iam.changes()).toEqual([]);
    expect(world.store.current(request.id)).toMatchObject({
      state: 'PENDING',
      approvals: [{ slackUserId: FRANK }, { slackUserId: ERIN }],
    });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'APPROVAL_RECORDED',
      actor: { slackUserId: ERIN },
      details: { approvals: 2, counted: 1 },
    });

    await expect(world.approve(request, { by: SAM })).resolves.toMatchObject({
      request: { state: 'COMPLETED' },
    });
  });

  it('counts an earlier approval from an approver who is still one', async () => {
    const world = aWorld({ rules: { approvers: { minApprovals: 2 } } });
    const request = await world.pendingRequest();
    await world.approve(request, { by: FRANK });
    await expect(world.approve(request, { by: ERIN })).resolves.toMatchObject({
      request: { state: 'COMPLETED' },
    });
  });
});

describe('approve: the chain position of the outcome', () => {
  it('shows the last event of the request’s final write on the approval message', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    const last = world.store.eventsOf(request.id).at(-1)!;
    expect(last.type).toBe('REQUEST_COMPLETED');
    expect(world.notifier.anchors.at(-1)).toEqual({ seq: last.seq, hash: last.hash });
  });

  it('shows no anchor while the request is still open', async () => {
    const world = aWorld({ rules: { approvers: { minApprovals: 2 } } });
    const request = await world.pendingRequest();
    await world.approve(request);
    expect(world.notifier.anchors).toEqual([undefined]);
  });

  it('anchors denials too', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await world.approvals.deny({ requestId: request.id, approverSlackId: ERIN, reason: 'not you' });
    const last = world.store.eventsOf(request.id).at(-1)!;
    expect(last.type).toBe('REQUEST_DENIED');
    expect(world.notifier.anchors.at(-1)).toEqual({ seq: last.seq, hash: last.hash });
  });
});
