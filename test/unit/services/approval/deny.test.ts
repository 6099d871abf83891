import { describe, expect, it } from 'vitest';
import { ALICE, ERIN, MALLORY } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

describe('deny', () => {
  it('denies a pending request with the reason the requester will see', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    const denied = await world.approvals.deny({
      requestId: request.id,
      approverSlackId: ERIN,
      reason: '  Call the service desk first  ',
    });
    expect(denied).toMatchObject({
      state: 'DENIED',
      version: request.version + 1,
      decision: { by: ERIN, at: '2025-03-03T09:00:00.000Z', reason: 'Call the service desk first' },
    });
    expect(world.store.current(request.id)).toEqual(denied);
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'REQUEST_DENIED',
      actor: { slackUserId: ERIN },
      reason: 'Call the service desk first',
    });
    expect(world.notifier.updated.at(-1)?.state).toBe('DENIED');
    expect(world.notifier.dms.at(-1)?.state).toBe('DENIED');
    expect(world.sts.calls).toEqual([]);
    expect(world.iam.changes()).toEqual([]);
  });

  it.each(['', '   '])('refuses a denial with the empty reason "%s"', async (reason) => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await expect(
      world.approvals.deny({ requestId: request.id, approverSlackId: ERIN, reason }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect(world.store.current(request.id)).toEqual(request);
  });

  it('refuses a denial by a member who is not an approver, and audits it', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await expect(
      world.approvals.deny({ requestId: request.id, approverSlackId: MALLORY, reason: 'no' }),
    ).rejects.toMatchObject({ code: 'NOT_AN_APPROVER' });
    expect(world.store.eventTypes(request.id).at(-1)).toBe('APPROVAL_REFUSED');
  });

  it('refuses a decision on one’s own request, denial included', async () => {
    const world = aWorld({ rules: { approvers: { users: [ERIN, ALICE] } } });
    const request = await world.pendingRequest();
    await expect(
      world.approvals.deny({ requestId: request.id, approverSlackId: ALICE, reason: 'changed my mind' }),
    ).rejects.toMatchObject({ code: 'SELF_APPROVAL' });
  });

  it('refuses to deny a request that has already been handled', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    await expect(
      world.approvals.deny({ requestId: request.id, approverSlackId: ERIN, reason: 'too late' }),
    ).rejects.toMatchObject({ code: 'REQUEST_ALREADY_HANDLED' });
  });
});
