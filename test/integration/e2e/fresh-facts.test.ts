import { afterEach, describe, expect, it } from 'vitest';
import {
  approveWithCode,
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
});
