import { describe, expect, it } from 'vitest';
import type { ApprovalRule } from '../../../../src/domain/approval-rules.js';
import { createConfirmationService } from '../../../../src/services/confirmations.js';
import { ALICE, BOB, ERIN, FIONA, FRANK, MALLORY, SECURITY_GROUP } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

/** Alice's IAM user needs a confirmation by the member its manager tag names (Bob), then one approval. */
const confirmedForAlice: ApprovalRule = {
  name: 'confirmed',
  match: { userName: 'alice' },
  approvers: { users: [ERIN], userGroups: [] },
  minApprovals: 1,
  requesters: 'both',
  verification: 'confirm',
  waitMinutes: 0,
  confirmers: { tag: 'manager-slack-id', users: [FIONA], userGroups: [] },
};

function confirmWorld() {
  const world = aWorld({ rules: { approvalRules: [confirmedForAlice] } });
  world.iam.setTags('alice', { 'Manager-Slack-Id': BOB });
  return { world, confirmations: createConfirmationService(world.deps) };
}

describe('verification: confirm', () => {
  it('asks the member the IAM tag names, by DM, when the request is made', async () => {
    const { world } = confirmWorld();
    const request = await world.pendingRequest();
    expect(world.notifier.confirmationDms).toEqual([
      { to: BOB, request: expect.objectContaining({ id: request.id }) },
    ]);
  });

  it('refuses approvals before the confirmation, audited, before any code goes to STS', async () => {
    const { world } = confirmWorld();
    const request = await world.pendingRequest();
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    await expect(world.approvals.openApproval(request.id, ERIN)).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
    });
    expect(world.sts.calls).toEqual([]);
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'APPROVAL_REFUSED',
      errorCode: 'CONFIRMATION_REQUIRED',
    });
  });

  it('opens approvals once the tagged member confirms: recorded, then the reset', async () => {
    const { world, confirmations } = confirmWorld();
    const request = await world.pendingRequest();
    await expect(confirmations.confirm({ requestId: request.id, slackUserId: BOB })).resolves.toMatchObject({
      confirmation: { by: BOB },
    });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'REQUEST_CONFIRMED',
      actor: { slackUserId: BOB },
    });
    await expect(world.approve(world.store.current(request.id)!)).resolves.toMatchObject({
      kind: 'finished',
    });
    expect(world.store.current(request.id)?.state).toBe('COMPLETED');
  });

  it('takes the tag over the list: with a tagged member, a listed one is not a confirmer', async () => {
    const { world, confirmations } = confirmWorld();
    const request = await world.pendingRequest();
    await expect(
      confirmations.confirm({ requestId: request.id, slackUserId: MALLORY }),
    ).rejects.toMatchObject({
      code: 'NOT_A_CONFIRMER',
    });
    // Without the tag, the listed members confirm.
    world.iam.setTags('alice', {});
    await expect(confirmations.confirm({ requestId: request.id, slackUserId: FIONA })).resolves.toMatchObject(
      {
        confirmation: { by: FIONA },
      },
    );
  });

  it('lets neither the requester nor the member it is for confirm, even when the tag names them', async () => {
    const { world, confirmations } = confirmWorld();
    world.iam.setTags('alice', { 'manager-slack-id': ALICE });
    const request = await world.pendingRequest();
    expect(world.notifier.confirmationDms).toEqual([]);
    await expect(confirmations.confirm({ requestId: request.id, slackUserId: ALICE })).rejects.toMatchObject({
      code: 'CONFIRMER_IS_PARTY',
    });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'CONFIRMATION_REFUSED',
      errorCode: 'CONFIRMER_IS_PARTY',
    });
  });

  it('has one winner: a second confirmation is refused; a rejection denies the request', async () => {
    const { world, confirmations } = confirmWorld();
    const request = await world.pendingRequest();
    await confirmations.confirm({ requestId: request.id, slackUserId: BOB });
    await expect(confirmations.confirm({ requestId: request.id, slackUserId: BOB })).rejects.toMatchObject({
      code: 'CONFIRMATION_ALREADY_GIVEN',
    });
    const other = confirmWorld();
    const second = await other.world.pendingRequest();
    await expect(
      other.confirmations.reject({ requestId: second.id, slackUserId: BOB }),
    ).resolves.toMatchObject({
      state: 'DENIED',
      decision: { by: BOB },
    });
    expect(other.world.iam.changes()).toEqual([]);
  });

  it('counts a confirmation only from the chain: one written into the request item alone opens nothing', async () => {
    const { world } = confirmWorld();
    const request = await world.pendingRequest();
    world.store.tamper(request.id, (stored) => ({
      ...stored,
      confirmation: { by: BOB, at: world.clock.now().toISOString() },
    }));
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    expect(world.sts.calls).toEqual([]);
  });
});

describe('verification: confirm without a tag', () => {
  it('asks the listed members and the members of the listed groups, never the requester', async () => {
    const world = aWorld({
      rules: {
        approvalRules: [
          { ...confirmedForAlice, confirmers: { users: [FIONA, ALICE], userGroups: [SECURITY_GROUP] } },
        ],
      },
    });
    await world.pendingRequest();
    expect(world.notifier.confirmationDms.map((dm) => dm.to).sort()).toEqual([FIONA, FRANK].sort());
  });
});

describe('a confirmer on a second Slack account', () => {
  it('is the member still: one who maps to the request’s IAM user is refused (CONFIRMER_IS_PARTY)', async () => {
    const world = aWorld({
      rules: {
        mapping: [
          { static: { [ALICE]: 'alice' } },
          { email: { template: '{localPart}', domains: ['example.com'] } },
        ],
        approvalRules: [{ ...confirmedForAlice, confirmers: { users: [MALLORY], userGroups: [] } }],
      },
    });
    world.directory.setEmail(MALLORY, 'alice@example.com');
    const request = await world.pendingRequest();
    await expect(
      createConfirmationService(world.deps).confirm({ requestId: request.id, slackUserId: MALLORY }),
    ).rejects.toMatchObject({ code: 'CONFIRMER_IS_PARTY' });
    expect(world.store.current(request.id)?.confirmation).toBeUndefined();
  });
});
