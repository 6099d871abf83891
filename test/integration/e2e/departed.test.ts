import { afterEach, describe, expect, it } from 'vitest';
import { deactivateMember } from '../../../sandbox/fake-slack/index.js';
import { CallbackId } from '../../../src/slack/ids.js';
import {
  approveWithCode,
  auditByActor,
  clickDecision,
  ephemeralTextTo,
  eventually,
  openRequestForm,
  people,
  requestReset,
  shown,
  startWorld,
  type World,
} from './world.js';

describe('members who left (deleted in users.info)', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('refuses a request by a deactivated member, or for one, and audits it', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    deactivateMember(world.slack, people.alice.slackId);

    const own = await openRequestForm(world, people.alice.slackId);
    const forAlice = await openRequestForm(world, people.hugo.slackId, { forMember: people.alice.slackId });

    for (const form of [own, forAlice]) {
      expect(form.view.callback_id).not.toBe(CallbackId.requestModal);
      expect(shown(form.view)).toMatch(/deactivated/);
    }
    const refusals = [
      ...(await auditByActor(world, people.alice.slackId)),
      ...(await auditByActor(world, people.hugo.slackId)),
    ];
    expect(refusals.map((e) => [e.type, e.errorCode, e.target?.slackUserId])).toEqual([
      ['REQUEST_REFUSED', 'MEMBER_DEACTIVATED', people.alice.slackId],
      ['REQUEST_REFUSED', 'MEMBER_DEACTIVATED', people.alice.slackId],
    ]);
    expect(await world.store.openRequestFor(people.alice.iamUser)).toBeUndefined();
  });

  it('closes a request whose member left meanwhile at the approval, changing nothing, and skips their DM', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
    const dmsBefore = world.slack.dmsTo(people.alice.slackId).length;
    deactivateMember(world.slack, people.alice.slackId);

    await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });

    const trail = await eventually(async () => {
      const events = await world.auditOf(request.id);
      return events.some((e) => e.type === 'NOTIFICATION_SKIPPED') ? events : undefined;
    });
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);
    expect(await world.requestById(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'MEMBER_DEACTIVATED',
    });
    expect(trail.find((e) => e.type === 'NOTIFICATION_SKIPPED')).toMatchObject({
      errorCode: 'MEMBER_DEACTIVATED',
      details: { member: people.alice.slackId },
    });
    expect(trail.map((e) => e.type)).not.toContain('NOTIFICATION_FAILED');
    expect(world.slack.dmsTo(people.alice.slackId)).toHaveLength(dmsBefore);
    expect(shown(world.slack.messagesIn('C0APPROVALS').find((m) => m.ts === messageTs))).toMatch(
      /MEMBER_DEACTIVATED/,
    );
  });

  it('refuses an approver whose account was deactivated, and audits it', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
    deactivateMember(world.slack, people.frank.slackId);

    await clickDecision(world, { userId: people.frank.slackId, messageTs, action: 'approve' });
    await world.slack.waitFor(() => world.slack.ephemeralsTo(people.frank.slackId)[0]);

    expect(ephemeralTextTo(world, people.frank.slackId)).toMatch(/deactivated/);
    const refusal = (await world.auditOf(request.id)).find((e) => e.type === 'APPROVAL_REFUSED');
    expect(refusal).toMatchObject({
      errorCode: 'APPROVER_DEACTIVATED',
      actor: { slackUserId: people.frank.slackId },
    });
    expect((await world.requestById(request.id))?.state).toBe('PENDING');
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
  });
});
