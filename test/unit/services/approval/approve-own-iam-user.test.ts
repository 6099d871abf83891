import { describe, expect, it } from 'vitest';
import { ResetError } from '../../../../src/domain/errors.js';
import type { MappingRule } from '../../../../src/domain/mapping.js';
import { ALICE, ERIN, MALLORY, SAM } from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

/** The approver's second Slack account. */
const APPROVER_ALT = 'U0APPROVERALT';
const emailRule: MappingRule = { email: { template: '{localPart}', domains: ['example.com'] } };
const tagRule: MappingRule = { tag: { key: 'slack-user-id' } };

/**
 * The approver's own IAM user `pat`, with one device; the approver's main account maps to it by
 * e-mail, their second account by a tag on the same user.
 */
function aWorldWithTwoAccounts(
  mapping: readonly MappingRule[] = [{ static: { [ALICE]: 'alice' } }, emailRule, tagRule],
) {
  const world = aWorld({ rules: { mapping } });
  world.iam.addUser({ userName: 'pat', tags: { 'slack-user-id': APPROVER_ALT }, devices: ['GAHT00000060'] });
  world.directory.setEmail(ERIN, 'pat@example.com');
  return world;
}

describe('approve: nobody approves a reset of their own IAM user, from any Slack account', () => {
  it('refuses an approver approving a request made from their second Slack account, and audits it', async () => {
    const world = aWorldWithTwoAccounts();
    const request = await world.pendingRequest({ requester: APPROVER_ALT });
    expect(request.target).toEqual({ slackUserId: APPROVER_ALT, iamUserName: 'pat' });

    await expect(world.approve(request, { by: ERIN })).rejects.toMatchObject({
      code: 'APPROVER_IS_TARGET',
      details: { approver: ERIN, iamUserName: 'pat' },
    });

    expect(world.store.events().at(-1)).toMatchObject({
      type: 'APPROVAL_REFUSED',
      outcome: 'refused',
      requestId: request.id,
      actor: { kind: 'member', slackUserId: ERIN },
      errorCode: 'APPROVER_IS_TARGET',
    });
    expect(world.sts.calls).toEqual([]);
    expect(world.iam.changes()).toEqual([]);
    expect(world.store.current(request.id)).toMatchObject({ state: 'PENDING', version: request.version });
  });

  it('refuses already when the approver clicks Approve, before a modal opens', async () => {
    const world = aWorldWithTwoAccounts();
    const request = await world.pendingRequest({ requester: APPROVER_ALT });

    await expect(world.approvals.openDecision(request.id, ERIN)).rejects.toMatchObject({
      code: 'APPROVER_IS_TARGET',
    });
    expect(world.store.eventTypes(request.id).at(-1)).toBe('APPROVAL_REFUSED');
  });

  it('refuses when the second account is the one the static rule names, and the approver’s rule conflicts', async () => {
    const world = aWorldWithTwoAccounts([{ static: { [ALICE]: 'alice', [APPROVER_ALT]: 'pat' } }, emailRule]);
    const request = await world.pendingRequest({ requester: APPROVER_ALT });

    await expect(world.approve(request, { by: ERIN })).rejects.toMatchObject({
      code: 'APPROVER_IS_TARGET',
    });
    expect(world.sts.calls).toEqual([]);
  });

  it('refuses an approver whose tag is on several IAM users when one of them is the target', async () => {
    const world = aWorldWithTwoAccounts([{ static: { [APPROVER_ALT]: 'pat' } }, tagRule]);
    world.iam.addUser({ userName: 'pat-admin', tags: { 'slack-user-id': ERIN } });
    world.iam.addUser({ userName: 'pat-old', tags: { 'slack-user-id': ERIN } });
    world.iam.addUser({ userName: 'pat-two', tags: { 'slack-user-id': ERIN } });
    const request = world.seedRequest({
      requesterSlackId: APPROVER_ALT,
      target: { slackUserId: APPROVER_ALT, iamUserName: 'PAT-OLD' },
    });

    await expect(world.approve(request, { by: ERIN })).rejects.toMatchObject({
      code: 'APPROVER_IS_TARGET',
    });
  });

  it('lets an approver mapped to another IAM user approve', async () => {
    const world = aWorldWithTwoAccounts();
    world.directory.setEmail(SAM, 'bob@example.com');
    const request = await world.pendingRequest({ requester: APPROVER_ALT });

    await expect(world.approve(request, { by: SAM })).resolves.toMatchObject({
      request: { state: 'COMPLETED' },
    });
  });

  it('does not refuse an approver the rules do not map at all', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();

    await expect(world.approve(request, { by: SAM })).resolves.toMatchObject({
      request: { state: 'COMPLETED' },
    });
    expect(world.directory.profileLookups).toEqual([]);
  });

  it('refuses, and audits the failure, when Slack cannot say who the approver is', async () => {
    const world = aWorldWithTwoAccounts();
    const request = await world.pendingRequest({ requester: ALICE });
    world.directory.profileFailure = new ResetError('SLACK_API_ERROR', 'users.info failed');

    await expect(world.approve(request, { by: ERIN })).rejects.toMatchObject({ code: 'SLACK_API_ERROR' });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'APPROVAL_REFUSED',
      errorCode: 'SLACK_API_ERROR',
    });
    expect(world.sts.calls).toEqual([]);
  });

  it('looks nobody up for a member who is not an approver', async () => {
    const world = aWorldWithTwoAccounts();
    const request = await world.pendingRequest({ requester: ALICE });
    const lookupsBefore = world.directory.profileLookups.length;

    await expect(world.approvals.openDecision(request.id, MALLORY)).rejects.toMatchObject({
      code: 'NOT_AN_APPROVER',
    });
    expect(world.directory.profileLookups).toHaveLength(lookupsBefore);
    expect(world.iam.calls.filter((call) => call.action === 'FindUsersByTag')).toEqual([]);
  });
});
