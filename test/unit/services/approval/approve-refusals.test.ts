import { describe, expect, it } from 'vitest';
import { ALICE, BOT_SERIAL, ERIN, FRANK, MALLORY, SECURITY_GROUP } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

describe('approve: who may approve', () => {
  it('refuses approval when the approver is the requester, and audits APPROVAL_REFUSED', async () => {
    const world = aWorld({ rules: { approvers: { users: [ERIN, ALICE] } } });
    const request = await world.pendingRequest();
    await expect(world.approve(request, { by: ALICE })).rejects.toMatchObject({ code: 'SELF_APPROVAL' });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'APPROVAL_REFUSED',
      outcome: 'refused',
      requestId: request.id,
      actor: { kind: 'member', slackUserId: ALICE },
      errorCode: 'SELF_APPROVAL',
    });
    expect(world.sts.calls).toEqual([]);
    expect(world.store.current(request.id)).toEqual(request);
  });

  it('refuses approval of a reset of the approver’s own MFA', async () => {
    const world = aWorld();
    const request = world.seedRequest({
      requesterSlackId: 'U0HELPDESK',
      target: { slackUserId: ERIN, iamUserName: 'approver' },
    });
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'APPROVER_IS_TARGET' });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'APPROVAL_REFUSED',
      errorCode: 'APPROVER_IS_TARGET',
    });
    expect(world.sts.calls).toEqual([]);
  });

  it('refuses a member who is not an approver', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await expect(
      world.approvals.approve({ requestId: request.id, approverSlackId: MALLORY, tokenCode: '123456' }),
    ).rejects.toMatchObject({ code: 'NOT_AN_APPROVER' });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'APPROVAL_REFUSED',
      actor: { slackUserId: MALLORY },
      errorCode: 'NOT_AN_APPROVER',
    });
    expect(world.sts.calls).toEqual([]);
    expect(world.iam.changes()).toEqual([]);
  });

  it('accepts a member of an approver user group, looked up in the directory', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await expect(world.approve(request, { by: FRANK })).resolves.toMatchObject({
      request: { state: 'COMPLETED' },
    });
    expect(world.directory.groupLookups).toContain(SECURITY_GROUP);
    expect(world.sts.calls.map((c) => c.serial)).toEqual([BOT_SERIAL]);
  });

  it('refuses a member who left the approver user group', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.directory.setGroup(SECURITY_GROUP, []);
    await expect(world.approve(request, { by: FRANK })).rejects.toMatchObject({ code: 'NOT_AN_APPROVER' });
  });

  it('refuses an approval of a request that has already been handled, before calling STS', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    await expect(world.approve(request, { by: FRANK })).rejects.toMatchObject({
      code: 'REQUEST_ALREADY_HANDLED',
    });
    expect(world.sts.calls).toHaveLength(1);
  });

  it('says a request that does not exist was not found', async () => {
    const world = aWorld();
    await expect(world.approvals.openDecision('req-missing', ERIN)).rejects.toMatchObject({
      code: 'REQUEST_NOT_FOUND',
    });
  });

  it('opens a decision for an approver without changing anything', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await expect(world.approvals.openDecision(request.id, ERIN)).resolves.toEqual(request);
    expect(world.store.eventTypes(request.id)).toEqual(['REQUEST_CREATED', 'APPROVERS_NOTIFIED']);
  });

  it('audits a refusal already when a non-approver opens the decision', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await expect(world.approvals.openDecision(request.id, MALLORY)).rejects.toMatchObject({
      code: 'NOT_AN_APPROVER',
    });
    expect(world.store.eventTypes(request.id).at(-1)).toBe('APPROVAL_REFUSED');
  });

  it('fails a request whose target now matches protect.users, before asking STS or changing anything', async () => {
    const world = aWorld();
    // Made before `admin-*` was protected: the policy is read again at approval time.
    const request = world.seedRequest({ target: { slackUserId: ALICE, iamUserName: 'admin-alice' } });
    await expect(world.approve(request)).rejects.toMatchObject({
      code: 'USER_PROTECTED',
      details: { iamUserName: 'admin-alice' },
    });
    expect(world.store.current(request.id)).toMatchObject({ state: 'FAILED', failureCode: 'USER_PROTECTED' });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'REQUEST_FAILED',
      errorCode: 'USER_PROTECTED',
    });
    expect(world.sts.calls).toEqual([]);
    expect(world.iam.changes()).toEqual([]);
  });

  it('fails a request whose target is the bot’s own IAM user', async () => {
    const world = aWorld();
    const request = world.seedRequest({ target: { slackUserId: ALICE, iamUserName: 'mfa-reset-bot' } });
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'USER_PROTECTED' });
    expect(world.iam.changes()).toEqual([]);
  });
});
