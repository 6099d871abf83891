import { describe, expect, it } from 'vitest';
import { BOT_SERIAL, ERIN, ERIN_SERIAL, SAM } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

function aTwoApproverWorld() {
  return aWorld({ rules: { approvers: { minApprovals: 2 } } });
}

describe('approve with minApprovals: 2', () => {
  it('records the first approval and changes nothing in IAM', async () => {
    const world = aTwoApproverWorld();
    const request = await world.pendingRequest();
    const result = await world.approve(request);
    expect(result).toMatchObject({ kind: 'approval-recorded', approvalsNeeded: 1 });
    expect(world.store.current(request.id)).toMatchObject({
      state: 'PENDING',
      version: request.version + 1,
      approvals: [{ slackUserId: ERIN, mfaSerial: ERIN_SERIAL }],
    });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'APPROVAL_RECORDED',
      actor: { slackUserId: ERIN },
      mfaSerial: ERIN_SERIAL,
      details: { approvals: 1 },
    });
    expect(world.iam.changes()).toEqual([]);
  });

  it('shows the first approval on the approval message without messaging the requester again', async () => {
    const world = aTwoApproverWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    expect(world.notifier.updated.map((r) => [r.state, r.approvals.length])).toEqual([['PENDING', 1]]);
    expect(world.notifier.dms).toHaveLength(1);
  });

  it('executes on the second approval, each approval verified with its approver’s own code', async () => {
    const world = aTwoApproverWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    const result = await world.approve(request, { by: SAM });
    expect(result.request).toMatchObject({
      state: 'COMPLETED',
      approvals: [{ slackUserId: ERIN }, { slackUserId: SAM, mfaSerial: BOT_SERIAL }],
    });
    expect(world.sts.calls.map((c) => c.serial)).toEqual([ERIN_SERIAL, BOT_SERIAL]);
    const secondSession = world.sts.issuedCredentials[1];
    expect(world.iam.changes().every((c) => c.credentials === secondSession)).toBe(true);
    expect(world.store.eventTypes(request.id).slice(2, 7)).toEqual([
      'TOKEN_SUBMITTED',
      'APPROVAL_RECORDED',
      'TOKEN_SUBMITTED',
      'REQUEST_APPROVED',
      'EXECUTION_STARTED',
    ]);
  });

  it('refuses the same approver twice, before asking STS for their code', async () => {
    const world = aTwoApproverWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    const recorded = world.store.current(request.id);
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'ALREADY_APPROVED_BY_YOU' });
    expect(world.sts.calls).toHaveLength(1);
    expect(world.store.current(request.id)).toEqual(recorded);
  });
});
