import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../../src/slack/ids.js';
import {
  APPROVALS_CHANNEL,
  auditByActor,
  ephemeralTextTo,
  eventTypes,
  eventually,
  openModalOf,
  openRequestForm,
  people,
  requestReset,
  shown,
  startWorld,
  submitCode,
  type World,
} from './world.js';

/** The requester's latest DM that still carries a Cancel button. */
function dmWithCancel(world: World, slackId: string) {
  const dm = world.slack
    .dmsTo(slackId)
    .filter((message) => shown(message).includes(ActionId.cancelRequest))
    .at(-1);
  if (dm === undefined) throw new Error(`no DM with a Cancel button to ${slackId}`);
  return dm;
}

describe('cancelling a request', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('ends it CANCELLED from the Cancel button in the DM: buttons gone, canceller named, IAM untouched, lock freed', async () => {
    world = await startWorld();
    const phone = world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
    const dm = dmWithCancel(world, people.alice.slackId);

    await world.driver.blockAction({
      userId: people.alice.slackId,
      actionId: ActionId.cancelRequest,
      message: { channel: dm.channel, ts: dm.ts },
    });

    const cancelled = await eventually(async () => {
      const stored = await world.requestById(request.id);
      return stored?.state === 'CANCELLED' ? stored : undefined;
    });
    expect(cancelled.decision?.by).toBe(people.alice.slackId);
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'REQUEST_CANCELLED',
    ]);
    const approvalMessage = await eventually(async () => {
      const message = world.slack.message(APPROVALS_CHANNEL, messageTs);
      return shown(message).includes('Cancelled') ? message : undefined;
    });
    expect(shown(approvalMessage)).not.toContain(ActionId.approve);
    expect(shown(approvalMessage)).toContain(`<@${people.alice.slackId}>`);
    await eventually(async () => ephemeralTextTo(world, people.alice.slackId).includes('You cancelled'));
    expect(shown(world.slack.dmsTo(people.alice.slackId).at(-1))).toMatch(/cancelled/i);
    expect(world.aws.state.devicesOf(people.alice.iamUser).map((d) => d.serial)).toEqual([phone.serial]);
    // The IAM user's lock went with the final write: a new request can be made at once.
    const again = await openRequestForm(world, people.alice.slackId);
    expect(again.view.callback_id).toBe(CallbackId.requestModal);
  });

  it('with /mfa-reset cancel; a later Approve changes nothing', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
    // erin opens the approval modal before alice cancels, and submits a valid code after.
    await world.driver.blockAction({
      userId: people.erin.slackId,
      actionId: ActionId.approve,
      message: { channel: APPROVALS_CHANNEL, ts: messageTs },
    });

    await world.driver.slashCommand({
      userId: people.alice.slackId,
      channelId: APPROVALS_CHANNEL,
      text: 'cancel',
    });
    await eventually(async () => (await world.requestById(request.id))?.state === 'CANCELLED');
    await eventually(async () => ephemeralTextTo(world, people.alice.slackId).includes('You cancelled'));

    const modal = await world.slack.waitFor(() => openModalOf(world, people.erin.slackId));
    const late = await submitCode(world, {
      userId: people.erin.slackId,
      viewId: modal.id,
      code: world.codeOf(people.erin.slackId),
    });
    expect(shown(world.slack.viewById(modal.id)?.view)).toMatch(/already been handled/);
    expect(late.outcome.accepted).toBe(true);
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);
    expect((await world.requestById(request.id))?.state).toBe('CANCELLED');
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'REQUEST_CANCELLED',
    ]);
  });

  it('refuses, and audits, a member who cancels someone else’s request or has nothing to cancel', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request } = await requestReset(world, { userId: people.alice.slackId });
    const dm = dmWithCancel(world, people.alice.slackId);

    // mallory replays alice's button with her own user: the service checks who clicked.
    await world.driver.blockAction({
      userId: people.mallory.slackId,
      actionId: ActionId.cancelRequest,
      message: { channel: dm.channel, ts: dm.ts },
    });
    await world.driver.slashCommand({
      userId: people.henry.slackId,
      channelId: APPROVALS_CHANNEL,
      text: 'cancel',
    });

    await eventually(async () => ephemeralTextTo(world, people.henry.slackId).includes('no pending'));
    expect((await world.requestById(request.id))?.state).toBe('PENDING');
    const malloryRefusals = await eventually(async () => {
      const events = (await auditByActor(world, people.mallory.slackId)).filter(
        (e) => e.type === 'CANCEL_REFUSED',
      );
      return events.length > 0 ? events : undefined;
    });
    expect(malloryRefusals[0]).toMatchObject({ errorCode: 'NOT_YOUR_REQUEST', requestId: request.id });
    const henryRefusals = (await auditByActor(world, people.henry.slackId)).filter(
      (e) => e.type === 'CANCEL_REFUSED',
    );
    expect(henryRefusals[0]).toMatchObject({ errorCode: 'NO_OPEN_REQUEST' });
  });
});
