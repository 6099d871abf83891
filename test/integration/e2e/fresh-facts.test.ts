import { afterEach, describe, expect, it } from 'vitest';
import {
  approveWithCode,
  clickDecision,
  ephemeralTextTo,
  eventTypes,
  pendingResetOfAlice,
  people,
  shown,
  startWorld,
  type World,
} from './world.js';

describe('decisions on fresh facts', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('does not count the approval of a member who left the approvers group since, and changes nothing', async () => {
    world = await startWorld({ minApprovals: 2 });
    const { request, messageTs } = await pendingResetOfAlice(world);
    await approveWithCode(world, {
      approver: people.frank.slackId,
      messageTs,
      code: world.codeOf(people.frank.slackId),
    });
    // Frank leaves the security group a moment later; no cache may keep him an approver.
    world.slack.addUserGroup({ id: 'S0SECURITY', handle: 'security', users: [] });

    const { modal } = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });

    expect(shown(modal.view)).toMatch(/1 more approval\(s\) needed/);
    expect(world.aws.state.callsTo('DeactivateMFADevice')).toHaveLength(0);
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);
    expect(await world.requestById(request.id)).toMatchObject({ state: 'PENDING' });
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'TOKEN_SUBMITTED',
      'APPROVAL_RECORDED',
      'TOKEN_SUBMITTED',
      'APPROVAL_RECORDED',
    ]);
    expect((await world.auditOf(request.id)).at(-1)?.details).toEqual({
      approvals: 2,
      counted: 1,
      submission: expect.any(String),
    });
  });

  it('refuses a member removed from the approvers group a moment ago when they click Approve, though a display still has them', async () => {
    world = await startWorld();
    const { request, messageTs } = await pendingResetOfAlice(world);
    // Frank's App Home reads the security group for display: the directory keeps it for a minute.
    const home = await world.driver.appHomeOpened({ userId: people.frank.slackId });
    await world.slack.waitForCall('views.publish', {
      since: home.callMark,
      where: (call) => call.args.user_id === people.frank.slackId,
      timeoutMs: 5_000,
    });
    world.slack.addUserGroup({ id: 'S0SECURITY', handle: 'security', users: [] });

    await clickDecision(world, { userId: people.frank.slackId, messageTs, action: 'approve' });
    await world.slack.waitFor(() => world.slack.ephemeralsTo(people.frank.slackId)[0]);

    expect(ephemeralTextTo(world, people.frank.slackId)).toMatch(/not an approver/);
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
    const refusal = (await world.auditOf(request.id)).find((e) => e.type === 'APPROVAL_REFUSED');
    expect(refusal).toMatchObject({
      errorCode: 'NOT_AN_APPROVER',
      actor: { slackUserId: people.frank.slackId },
    });
  });
});
