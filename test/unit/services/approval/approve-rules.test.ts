import { describe, expect, it } from 'vitest';
import type { ApprovalRule } from '../../../../src/domain/approval-rules.js';
import { knownFact, unknownFact } from '../../../../src/domain/risk-facts.js';
import { createCancelService } from '../../../../src/services/cancel.js';
import { ALICE, BOB, ERIN, SAM } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

/** Alice's IAM user under a strict rule: two approvers (Erin, Sam), each attesting, after 30 minutes. */
const strictForAlice: ApprovalRule = {
  name: 'admins',
  match: { userName: 'alice' },
  approvers: { users: [ERIN, SAM], userGroups: [] },
  minApprovals: 2,
  requesters: 'both',
  verification: 'attest',
  waitMinutes: 30,
};
const attestation = { method: 'video-call', note: 'Video call, camera on, matched the HR photo' } as const;

function strictWorld(rule: Partial<ApprovalRule> = {}) {
  return aWorld({ rules: { approvalRules: [{ ...strictForAlice, ...rule }] } });
}

function approveWith(world: ReturnType<typeof strictWorld>, requestId: string, by: string, attested = true) {
  return world.approvals.approve({
    requestId,
    approverSlackId: by,
    tokenCode: world.codeFor(by),
    ...(attested ? { attestation } : {}),
  });
}

describe('approval rules per IAM user', () => {
  it('records the rule, its digest and when approvals open in REQUEST_CREATED, and expires the wait later', async () => {
    const world = strictWorld();
    const created = world.clock.now().getTime();
    const request = await world.pendingRequest();
    expect(request.rule).toMatchObject({ name: 'admins', why: ['user name alice'] });
    expect(request.opensAt).toBe(new Date(created + 30 * 60_000).toISOString());
    expect(request.expiresAt).toBe(new Date(created + (30 + 60) * 60_000).toISOString());
    expect(world.store.events()[0]).toMatchObject({
      type: 'REQUEST_CREATED',
      details: {
        rule: 'admins',
        ruleDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
        opensAt: request.opensAt,
      },
    });
  });

  it('refuses an approval during the waiting period, audited, before any code goes to STS', async () => {
    const world = strictWorld();
    const request = await world.pendingRequest();
    world.clock.advanceMinutes(29);
    await expect(approveWith(world, request.id, ERIN)).rejects.toMatchObject({
      code: 'APPROVALS_NOT_OPEN',
      details: { opensAt: request.opensAt },
    });
    expect(world.sts.calls).toEqual([]);
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'APPROVAL_REFUSED',
      errorCode: 'APPROVALS_NOT_OPEN',
    });
    await expect(world.approvals.openApproval(request.id, ERIN)).rejects.toMatchObject({
      code: 'APPROVALS_NOT_OPEN',
    });
    // A denial is open at once: the wait protects the person, not the request.
    await expect(world.approvals.openDecision(request.id, ERIN)).resolves.toMatchObject({ id: request.id });
  });

  it('needs the rule’s approvers, each attesting, and resets only with the second', async () => {
    const world = strictWorld();
    const request = await world.pendingRequest();
    world.clock.advanceMinutes(30);
    await expect(approveWith(world, request.id, ERIN)).resolves.toMatchObject({
      kind: 'approval-recorded',
      approvalsNeeded: 1,
    });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'APPROVAL_RECORDED',
      details: { verifiedBy: 'video-call', verificationNote: attestation.note },
    });
    expect(world.iam.changes()).toEqual([]);
    await expect(approveWith(world, request.id, SAM)).resolves.toMatchObject({ kind: 'finished' });
    expect(world.store.current(request.id)?.state).toBe('COMPLETED');
    expect(world.store.events().find((e) => e.type === 'REQUEST_APPROVED')).toMatchObject({
      actor: { slackUserId: SAM },
      details: { verifiedBy: 'video-call' },
    });
  });

  it('refuses an approval without an attestation (VERIFICATION_REQUIRED), before STS', async () => {
    const world = strictWorld();
    const request = await world.pendingRequest();
    world.clock.advanceMinutes(30);
    await expect(approveWith(world, request.id, ERIN, false)).rejects.toMatchObject({
      code: 'VERIFICATION_REQUIRED',
    });
    expect(world.sts.calls).toEqual([]);
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'APPROVAL_REFUSED',
      errorCode: 'VERIFICATION_REQUIRED',
    });
  });

  it('lets only the rule’s approvers approve: a global approver the rule does not name is NOT_AN_APPROVER', async () => {
    const world = strictWorld({ approvers: { users: [SAM], userGroups: [] }, minApprovals: 1 });
    const request = await world.pendingRequest();
    world.clock.advanceMinutes(30);
    await expect(approveWith(world, request.id, ERIN)).rejects.toMatchObject({ code: 'NOT_AN_APPROVER' });
    expect(world.sts.calls).toEqual([]);
  });

  it('closes the request (RULE_CHANGED) when the rule changed before the final approval, nothing reset', async () => {
    const world = strictWorld({ minApprovals: 1, verification: 'none', waitMinutes: 0 });
    const request = await world.pendingRequest();
    // The config is edited (fewer approvers would do now): the request keeps what it was made under.
    Object.assign(world.rules, {
      approvalRules: [
        {
          ...strictForAlice,
          minApprovals: 1,
          waitMinutes: 0,
          verification: 'none',
          approvers: { users: [ERIN], userGroups: [] },
        },
      ],
    });
    await expect(approveWith(world, request.id, ERIN, false)).rejects.toMatchObject({ code: 'RULE_CHANGED' });
    expect(world.store.current(request.id)).toMatchObject({ state: 'FAILED', failureCode: 'RULE_CHANGED' });
    expect(world.sts.calls).toEqual([]);
    expect(world.iam.changes()).toEqual([]);
  });

  it('treats a rule lowered in the request item as tampering: the digest in the chain decides', async () => {
    const world = strictWorld({ waitMinutes: 0, verification: 'none' });
    const request = await world.pendingRequest();
    // Someone with the table's rights makes one approval enough.
    world.store.tamper(request.id, (stored) => ({
      ...stored,
      rule: { ...stored.rule!, settings: { ...stored.rule!.settings, minApprovals: 1 } },
    }));
    await expect(approveWith(world, request.id, ERIN, false)).rejects.toMatchObject({
      code: 'REQUEST_TAMPERED',
    });
    expect(world.store.events().find((e) => e.type === 'REQUEST_TAMPERED')?.details).toMatchObject({
      facts: 'ruleDigest',
    });
    expect(world.sts.calls).toEqual([]);
    expect(world.iam.changes()).toEqual([]);
  });

  it('refuses a requester the rule does not allow, audited as REQUEST_REFUSED', async () => {
    const world = aWorld({
      rules: {
        approvalRules: [{ ...strictForAlice, requesters: 'helpdesk' }],
        helpdesk: { users: [BOB], userGroups: [] },
      },
    });
    await expect(world.requests.prepare(ALICE)).rejects.toMatchObject({ code: 'REQUESTER_NOT_ALLOWED' });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'REQUEST_REFUSED',
      errorCode: 'REQUESTER_NOT_ALLOWED',
    });
    await expect(world.requests.prepare(BOB, { forMember: ALICE })).resolves.toMatchObject({
      rule: { name: 'admins' },
    });
  });

  it('audits a cancel during the waiting period as such', async () => {
    const world = strictWorld();
    const request = await world.pendingRequest();
    world.clock.advanceMinutes(10);
    await createCancelService(world.deps).cancel({ requestId: request.id, slackUserId: ALICE });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'REQUEST_CANCELLED',
      details: { duringWait: true },
    });
  });
});

describe('approval rules on IAM facts beyond GetUser', () => {
  const adminsGroup: ApprovalRule = { ...strictForAlice, match: { group: 'Administrators' }, waitMinutes: 0 };

  it('reads the groups only when a rule needs them, and chooses by them', async () => {
    const plain = aWorld();
    await plain.requests.prepare(ALICE);
    expect(plain.iam.calls.filter((c) => c.action === 'ReadRiskFacts')).toEqual([]);

    const world = aWorld({ rules: { approvalRules: [adminsGroup] } });
    world.iam.setRiskFacts('alice', { groups: knownFact(['administrators']) });
    await expect(world.requests.prepare(ALICE)).resolves.toMatchObject({
      rule: { name: 'admins', why: ['group Administrators'] },
    });
  });

  it('refuses to choose (RULE_FACTS_UNKNOWN) when the groups a rule needs cannot be read', async () => {
    const world = aWorld({ rules: { approvalRules: [adminsGroup] } });
    world.iam.setRiskFacts('alice', { groups: unknownFact('access-denied') });
    await expect(world.requests.prepare(ALICE)).rejects.toMatchObject({ code: 'RULE_FACTS_UNKNOWN' });
  });

  it('closes the request (RULE_CHANGED) when the user left the group before the final approval', async () => {
    const world = aWorld({ rules: { approvalRules: [{ ...adminsGroup, verification: 'none' }] } });
    world.iam.setRiskFacts('alice', { groups: knownFact(['Administrators']) });
    const request = await world.pendingRequest();
    await approveWith(world, request.id, ERIN, false);
    world.iam.setRiskFacts('alice', { groups: knownFact([]) });
    await expect(approveWith(world, request.id, SAM, false)).rejects.toMatchObject({ code: 'RULE_CHANGED' });
    expect(world.iam.changes()).toEqual([]);
  });
});
