import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../../src/slack/ids.js';
import {
  APPROVALS_CHANNEL,
  approveWithCode,
  auditByActor,
  clickDecision,
  ephemeralTextTo,
  eventTypes,
  eventually,
  openRequestForm,
  people,
  requestReset,
  shown,
  startWorld,
  type World,
} from './world.js';

describe('help-desk requests: /mfa-reset @member', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('resets the named member’s MFA: the form, the approval message and both DMs name who asked and for whom', async () => {
    world = await startWorld();
    const phone = world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    world.aws.state.addVirtualDevice({ userName: people.hugo.iamUser });

    // Slack sends the mention with the member's name after a bar; the name plays no part.
    await world.driver.slashCommand({
      userId: people.hugo.slackId,
      channelId: APPROVALS_CHANNEL,
      text: `<@${people.alice.slackId}|alice>`,
    });
    const form = await world.slack.waitFor(() => {
      const view = world.slack.lastView();
      return view?.view.callback_id === CallbackId.requestModal ? view : undefined;
    });
    expect(shown(form.view)).toContain(`<@${people.alice.slackId}>`);
    expect(shown(form.view)).toContain(`\`${people.alice.iamUser}\``);
    expect(shown(form.view)).toContain(phone.serial);

    const { request, messageTs } = await requestReset(world, {
      userId: people.hugo.slackId,
      forMember: people.alice.slackId,
      reason: 'Alice called the service desk: phone lost',
    });
    expect(request).toMatchObject({
      requesterSlackId: people.hugo.slackId,
      target: { slackUserId: people.alice.slackId, iamUserName: people.alice.iamUser },
    });
    const approval = shown(world.slack.message(APPROVALS_CHANNEL, messageTs));
    expect(approval).toContain(`<@${people.hugo.slackId}>`);
    expect(approval).toContain(`*For*\\n<@${people.alice.slackId}>`);
    const aliceDm = await eventually(async () => world.slack.dmsTo(people.alice.slackId).at(-1));
    expect(shown(aliceDm)).toContain(`<@${people.hugo.slackId}> asked for a reset`);
    expect(shown(aliceDm)).toContain(ActionId.cancelRequest);
    expect(shown(world.slack.dmsTo(people.hugo.slackId).at(-1))).toContain(ActionId.cancelRequest);

    await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });

    await eventually(async () => (await world.requestById(request.id))?.state === 'COMPLETED');
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
    expect(world.aws.state.devicesOf(people.hugo.iamUser)).toHaveLength(1);
    const trail = await world.auditOf(request.id);
    expect(trail[0]).toMatchObject({
      type: 'REQUEST_CREATED',
      actor: { slackUserId: people.hugo.slackId },
      target: { slackUserId: people.alice.slackId, iamUserName: people.alice.iamUser },
    });
    expect(trail.map((e) => e.type)).toContain('REQUEST_COMPLETED');
    await eventually(async () =>
      shown(world.slack.dmsTo(people.alice.slackId).at(-1)).includes('were reset'),
    );
  });

  it('lets neither the help-desk member nor the target member approve it', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.frank.iamUser });
    // erin is on the help desk and an approver; frank, the target, is an approver too.
    const { request, messageTs } = await requestReset(world, {
      userId: people.erin.slackId,
      forMember: people.frank.slackId,
    });

    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'approve' });
    await clickDecision(world, { userId: people.frank.slackId, messageTs, action: 'approve' });
    await world.slack.waitFor(() => world.slack.ephemeralsTo(people.erin.slackId)[0]);
    await world.slack.waitFor(() => world.slack.ephemeralsTo(people.frank.slackId)[0]);

    expect(ephemeralTextTo(world, people.erin.slackId)).toMatch(/cannot decide on your own request/);
    expect(ephemeralTextTo(world, people.frank.slackId)).toMatch(/cannot approve a reset of your own MFA/);
    const refusals = (await world.auditOf(request.id)).filter((e) => e.type === 'APPROVAL_REFUSED');
    expect(refusals.map((e) => [e.actor.slackUserId, e.errorCode]).sort()).toEqual(
      [
        [people.erin.slackId, 'SELF_APPROVAL'],
        [people.frank.slackId, 'APPROVER_IS_TARGET'],
      ].sort(),
    );
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
    expect(world.aws.state.devicesOf(people.frank.iamUser)).toHaveLength(1);
    expect((await world.requestById(request.id))?.state).toBe('PENDING');
  });

  it('refuses, and audits, a member not on the help desk who names someone else', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });

    const form = await openRequestForm(world, people.mallory.slackId, { forMember: people.alice.slackId });

    expect(form.view.callback_id).not.toBe(CallbackId.requestModal);
    expect(shown(form.view)).toMatch(/Only help-desk members/);
    const refusals = await auditByActor(world, people.mallory.slackId);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({
      type: 'REQUEST_REFUSED',
      errorCode: 'NOT_HELPDESK',
      target: { slackUserId: people.alice.slackId },
    });
    expect(await world.store.openRequestFor(people.alice.iamUser)).toBeUndefined();
  });

  it('lets the target member cancel it from their DM', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, {
      userId: people.hugo.slackId,
      forMember: people.alice.slackId,
    });
    const dm = await eventually(async () =>
      world.slack.dmsTo(people.alice.slackId).find((m) => shown(m).includes(ActionId.cancelRequest)),
    );

    await world.driver.blockAction({
      userId: people.alice.slackId,
      actionId: ActionId.cancelRequest,
      message: { channel: dm.channel, ts: dm.ts },
    });

    await eventually(async () => (await world.requestById(request.id))?.state === 'CANCELLED');
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'REQUEST_CANCELLED',
    ]);
    expect((await world.auditOf(request.id)).at(-1)?.actor.slackUserId).toBe(people.alice.slackId);
    await eventually(async () =>
      shown(world.slack.message(APPROVALS_CHANNEL, messageTs)).includes('Cancelled'),
    );
    await eventually(
      async () => shown(world.slack.dmsTo(people.hugo.slackId).at(-1)).match(/cancelled/i) !== null,
    );
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);
  });
});
