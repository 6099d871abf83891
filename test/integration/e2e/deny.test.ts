import { afterEach, describe, expect, it } from 'vitest';
import { typed } from '../../../sandbox/slack-driver/index.js';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import {
  APPROVALS_CHANNEL,
  clickDecision,
  eventTypes,
  openModalOf,
  pendingResetOfAlice,
  people,
  shown,
  startWorld,
  type World,
} from './world.js';

describe('denying a request', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('asks for a reason, closes the request as DENIED and tells the requester why, changing nothing in AWS', async () => {
    world = await startWorld();
    const { phone, request, messageTs } = await pendingResetOfAlice(world);

    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'deny' });
    const modal = await world.slack.waitFor(() => openModalOf(world, people.erin.slackId));
    const answer = await world.driver.viewSubmission({
      viewId: modal.id,
      inputs: {
        [BlockId.denyReason]: { [ActionId.denyReason]: typed('Not requested through the service desk') },
      },
    });

    expect(answer.outcome.accepted).toBe(true);
    expect(world.aws.state.devicesOf(people.alice.iamUser).map((d) => d.serial)).toEqual([phone.serial]);
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
    expect(await world.requestById(request.id)).toMatchObject({
      state: 'DENIED',
      decision: { by: people.erin.slackId, reason: 'Not requested through the service desk' },
    });
    const trail = await world.auditOf(request.id);
    expect(trail.map((e) => e.type)).toEqual(['REQUEST_CREATED', 'APPROVERS_NOTIFIED', 'REQUEST_DENIED']);
    expect(trail[2]).toMatchObject({ reason: 'Not requested through the service desk' });
    expect(shown(world.slack.message(APPROVALS_CHANNEL, messageTs))).not.toContain(ActionId.approve);
    expect(shown(world.slack.dmsTo(people.alice.slackId).at(-1))).toContain(
      'Not requested through the service desk',
    );
  });

  it('cannot approve a request after it was denied', async () => {
    world = await startWorld();
    const { request, messageTs } = await pendingResetOfAlice(world);
    // frank opens the approval modal, erin denies meanwhile, then frank submits his code.
    await clickDecision(world, { userId: people.frank.slackId, messageTs, action: 'approve' });
    const approveModal = await world.slack.waitFor(() => openModalOf(world, people.frank.slackId));
    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'deny' });
    const denyModal = await world.slack.waitFor(() => openModalOf(world, people.erin.slackId));
    await world.driver.viewSubmission({
      viewId: denyModal.id,
      inputs: { [BlockId.denyReason]: { [ActionId.denyReason]: typed('Duplicate request') } },
    });

    const late = await world.driver.viewSubmission({
      viewId: approveModal.id,
      inputs: { [BlockId.tokenCode]: { [ActionId.tokenCode]: typed(world.codeOf(people.frank.slackId)) } },
    });

    expect(shown(world.slack.viewById(approveModal.id)?.view)).toMatch(/already been handled/);
    expect(late.outcome.accepted).toBe(true);
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'REQUEST_DENIED',
    ]);
  });
});
