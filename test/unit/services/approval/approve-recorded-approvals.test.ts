import { describe, expect, it } from 'vitest';
import { amend } from '../../../../src/domain/request.js';
import { ERIN, ERIN_SERIAL, SAM } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

function aTwoApproverWorld() {
  return aWorld({ rules: { approvers: { minApprovals: 2 } } });
}

describe('approve: only the approvals the chain records count', () => {
  it('closes a request with an approval written into its item alone as REQUEST_TAMPERED, before any code goes to STS', async () => {
    const world = aTwoApproverWorld();
    const request = await world.pendingRequest();
    world.store.tamper(request.id, (stored) => ({
      ...stored,
      approvals: [
        { slackUserId: SAM, at: stored.createdAt, mfaSerial: 'arn:aws:iam::123456789012:mfa/forged' },
      ],
    }));

    await expect(world.approve(request)).rejects.toMatchObject({ code: 'REQUEST_TAMPERED' });

    expect(world.sts.calls).toEqual([]);
    expect(world.iam.changes()).toEqual([]);
    expect(world.store.current(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'REQUEST_TAMPERED',
      approvals: [],
    });
    const [tampered, failed] = world.store.eventsOf(request.id).slice(-2);
    expect(tampered).toMatchObject({
      type: 'REQUEST_TAMPERED',
      details: { facts: 'approvals', 'found.approvals': SAM },
    });
    expect(failed).toMatchObject({ type: 'REQUEST_FAILED', errorCode: 'REQUEST_TAMPERED' });
    expect(world.notifier.alarms).toEqual([
      expect.objectContaining({ kind: 'request-tampered', facts: ['approvals'] }),
    ]);
  });

  it('closes a request whose item lost a recorded approval', async () => {
    const world = aTwoApproverWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    world.store.tamper(request.id, (stored) => ({ ...stored, approvals: [] }));

    await expect(world.approve(request, { by: SAM })).rejects.toMatchObject({ code: 'REQUEST_TAMPERED' });

    expect(world.iam.changes()).toEqual([]);
    // Closed with the approvals its chain records.
    expect(world.store.current(request.id)).toMatchObject({
      state: 'FAILED',
      approvals: [{ slackUserId: ERIN, mfaSerial: ERIN_SERIAL }],
    });
    expect(world.store.eventsOf(request.id).at(-2)?.details).toMatchObject({ facts: 'approvals' });
  });

  it('executes on the second recorded approval when the item agrees with the chain', async () => {
    const world = aTwoApproverWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    await expect(world.approve(request, { by: SAM })).resolves.toMatchObject({
      request: { state: 'COMPLETED' },
    });
    expect(world.store.eventTypes(request.id)).not.toContain('REQUEST_TAMPERED');
  });

  it('tells an approver whose request moved on while they approved that it was handled, without calling it tampering', async () => {
    const world = aTwoApproverWorld();
    const request = await world.pendingRequest();
    // SAM's approval lands between the read of the request item and the read of its approvals.
    const read = world.store.recordedApprovalsOf.bind(world.store);
    world.store.recordedApprovalsOf = async (requestId: string) => {
      const stored = world.store.current(requestId)!;
      if (stored.approvals.length === 0) {
        const at = world.clock.now().toISOString();
        await world.store.updateRequest(
          stored,
          amend(stored, world.clock.now(), {
            approvals: [{ slackUserId: SAM, at, mfaSerial: 'arn:aws:iam::123456789012:mfa/sam' }],
          }),
          [
            {
              eventId: 'sam-approval',
              type: 'APPROVAL_RECORDED',
              at,
              requestId,
              actor: { kind: 'member', slackUserId: SAM },
              mfaSerial: 'arn:aws:iam::123456789012:mfa/sam',
              outcome: 'success',
            },
          ],
        );
      }
      return read(requestId);
    };

    await expect(world.approve(request)).rejects.toMatchObject({ code: 'REQUEST_ALREADY_HANDLED' });

    expect(world.sts.calls).toEqual([]);
    expect(world.store.current(request.id)).toMatchObject({ state: 'PENDING' });
    expect(world.store.eventTypes(request.id)).not.toContain('REQUEST_TAMPERED');
  });
});
