import { afterEach, describe, expect, it } from 'vitest';
import {
  APPROVALS_CHANNEL,
  clickDecision,
  eventually,
  filledModalSince,
  isRiskFactsRead,
  people,
  requestReset,
  shown,
  startWorld,
  submitCode,
  type World,
} from './world.js';

/**
 * What the approvers are shown about the IAM user before they approve: read from IAM (the
 * emulator, through the real SDK) and the audit trail (DynamoDB Local) when the request is
 * submitted, posted with the request over the real Bolt app, and kept with it.
 */
function approvalMessageText(world: World, messageTs: string): string {
  return shown(world.slack.messagesIn(APPROVALS_CHANNEL).find((message) => message.ts === messageTs));
}

describe('risk facts for the approver, end to end', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('calls out administrator access and console access on the approval message, and counts the resets before', async () => {
    world = await startWorld({ maxResetsPerTargetPerDay: 5 });
    const alice = people.alice.iamUser;
    const { state } = world.aws;
    state.addVirtualDevice({ userName: alice });
    state.access.setLoginProfile(alice, { lastUsed: new Date('2026-12-01T09:30:00Z') });
    state.addAccessKey(alice);
    state.access.addUserToGroup(alice, 'admins');
    state.access.attachPolicy({ group: 'admins' }, 'AdministratorAccess');

    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });

    const text = approvalMessageText(world, messageTs);
    expect(text).toContain(
      ':rotating_light: *Administrator access: YES* (AdministratorAccess (group admins))',
    );
    expect(text).toContain(
      ':warning: *Console access: YES* (console password), last sign-in <!date^1796117400^',
    );
    expect(text).toContain('*Active access keys*: 1');
    expect(text).toContain('*Groups*: `admins`');
    expect(text).toContain('*Resets completed in the last 90 days*: 0');
    // Read once, at submission, by their own client: counted apart from the reset's calls.
    expect(
      state.calls
        .filter(isRiskFactsRead)
        .map((call) => call.action)
        .sort(),
    ).toEqual(
      [
        'GetLoginProfile',
        'GetUser',
        'ListAccessKeys',
        'ListGroupsForUser',
        'ListAttachedUserPolicies',
        'ListUserPolicies',
        'ListAttachedGroupPolicies',
        'ListGroupPolicies',
      ].sort(),
    );
    // Auditors see in the trail what the approvers were shown.
    const [created] = await world.auditOf(request.id);
    expect(created?.details).toMatchObject({
      riskAdministratorAccess: 'yes',
      riskConsolePassword: 'yes',
      riskActiveAccessKeys: 1,
      riskResetsIn90Days: 0,
    });

    // The approve modal shows them too, and the message keeps them once rewritten.
    const mark = world.slack.callCount();
    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'approve' });
    const modal = await filledModalSince(world, mark);
    expect(shown(modal.view)).toContain('*Administrator access: YES*');
    const answer = await submitCode(world, {
      userId: people.erin.slackId,
      viewId: modal.id,
      code: world.codeOf(people.erin.slackId),
    });
    expect(answer.outcome.accepted).toBe(true);
    await eventually(async () => (await world.requestById(request.id))?.state === 'COMPLETED');
    await eventually(async () => /Completed/.test(approvalMessageText(world, messageTs)));
    expect(approvalMessageText(world, messageTs)).toContain('*Administrator access: YES*');

    // The next request for alice shows the reset the trail now records.
    state.addVirtualDevice({ userName: alice, name: 'alice-new-phone' });
    const next = await requestReset(world, { userId: people.alice.slackId });
    expect(approvalMessageText(world, next.messageTs)).toContain('*Resets completed in the last 90 days*: 1');
  });

  it('shows reads IAM denied as unknown, never as none, and still posts the request', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    world.aws.state.access.deny('GetLoginProfile');
    world.aws.state.access.deny('ListGroupsForUser');

    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });

    expect(request.state).toBe('PENDING');
    const text = approvalMessageText(world, messageTs);
    expect(text).toContain('*Console access*: *unknown* (access denied)');
    expect(text).toContain('*Groups*: *unknown* (access denied)');
    expect(text).toContain('*Administrator access*: *unknown*');
    expect(text).toContain('*Active access keys*: none');
  });
});
