import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_ID_TAG } from '../../../sandbox/cast.js';
import { CallbackId } from '../../../src/slack/ids.js';
import {
  APPROVALS_CHANNEL,
  approveWithCode,
  auditByActor,
  clickDecision,
  ephemeralTextTo,
  filledModalSince,
  openModalOf,
  openRequestForm,
  pendingResetOfAlice,
  people,
  requestReset,
  shown,
  startWorld,
  type World,
} from './world.js';

/** Runs `/mfa-reset` as `userId` and waits for the refusal the member is shown. */
async function refusedForm(world: World, userId: string) {
  const form = await openRequestForm(world, userId);
  expect(form.view.callback_id).not.toBe(CallbackId.requestModal);
  await world.slack.waitFor(() => world.slack.ephemeralsTo(userId)[0]);
  return form;
}

describe('one Slack member per IAM user', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('refuses a second member whose e-mail gives an IAM user the static rule gives to another', async () => {
    world = await startWorld();
    const phone = world.aws.state.addVirtualDevice({ userName: people.henry.iamUser });

    const form = await refusedForm(world, people.ivan.slackId);

    expect(shown(form.view)).toMatch(/gives to another Slack member/);
    expect(ephemeralTextTo(world, people.ivan.slackId)).toMatch(/each IAM user belongs to one member/);
    expect(
      (await auditByActor(world, people.ivan.slackId)).map((e) => [
        e.type,
        e.errorCode,
        e.target?.iamUserName,
      ]),
    ).toEqual([['REQUEST_REFUSED', 'MAPPING_CONFLICT', people.henry.iamUser]]);
    expect(world.aws.state.callsTo('ListMFADevices')).toHaveLength(0);
    expect(world.slack.messagesIn(APPROVALS_CHANNEL).filter((m) => m.ephemeralTo === undefined)).toEqual([]);
    // henry himself still gets his form.
    const own = await openRequestForm(world, people.henry.slackId);
    expect(own.view.callback_id).toBe(CallbackId.requestModal);
    expect(shown(own.view)).toContain(phone.serial);
  });

  it('refuses an approver approving a request made from their second Slack account, whatever account asks', async () => {
    world = await startWorld();
    const phone = world.aws.state.addVirtualDevice({ userName: people.erin.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.erinAlt.slackId });
    expect(request.target).toEqual({ slackUserId: people.erinAlt.slackId, iamUserName: people.erin.iamUser });
    const modalsBefore = world.slack.callCount();

    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'approve' });
    await world.slack.waitFor(() => world.slack.ephemeralsTo(people.erin.slackId)[0]);

    expect(ephemeralTextTo(world, people.erin.slackId)).toMatch(/cannot approve a reset of your own MFA/);
    // The modal opened at once (loading) shows the refusal, never the approval form.
    const shownModal = await filledModalSince(world, modalsBefore);
    expect(shownModal.view.callback_id).not.toBe(CallbackId.approveModal);
    expect(shown(shownModal.view)).toMatch(/cannot approve a reset of your own MFA/);
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
    expect(world.aws.state.devicesOf(people.erin.iamUser).map((d) => d.serial)).toEqual([phone.serial]);
    expect(await world.requestById(request.id)).toMatchObject({ state: 'PENDING', version: request.version });
    const refusal = (await world.auditOf(request.id)).find((e) => e.type === 'APPROVAL_REFUSED');
    expect(refusal).toMatchObject({
      errorCode: 'APPROVER_IS_TARGET',
      actor: { slackUserId: people.erin.slackId },
    });

    // Another approver can approve it.
    const approved = await approveWithCode(world, {
      approver: people.frank.slackId,
      messageTs,
      code: world.codeOf(people.frank.slackId),
    });
    expect(approved.answer.outcome.accepted).toBe(true);
    expect(world.aws.state.devicesOf(people.erin.iamUser)).toEqual([]);
    expect((await world.requestById(request.id))?.state).toBe('COMPLETED');
  });

  it('refuses a member whose Slack ID is on two IAM users, instead of taking the first one found', async () => {
    world = await startWorld();
    world.slack.addUser({ id: 'U0JUDY', name: 'judy', email: 'judy@elsewhere.org' });
    for (const userName of ['judy', 'judy-admin']) {
      world.aws.state.addUser({ userName, tags: { [SLACK_ID_TAG]: 'U0JUDY' } });
      world.aws.state.addVirtualDevice({ userName });
    }

    const form = await refusedForm(world, 'U0JUDY');

    expect(shown(form.view)).toMatch(/More than one IAM user carries your Slack user ID/);
    expect((await auditByActor(world, 'U0JUDY')).map((e) => [e.type, e.errorCode])).toEqual([
      ['REQUEST_REFUSED', 'MAPPING_AMBIGUOUS'],
    ]);
    expect(world.aws.state.callsTo('ListMFADevices')).toHaveLength(0);
    expect(world.aws.state.devicesOf('judy')).toHaveLength(1);
    expect(world.aws.state.devicesOf('judy-admin')).toHaveLength(1);
  });

  it.each<[string, false | 'unreported']>([
    ['says is not confirmed', false],
    ['does not say is confirmed', 'unreported'],
  ])('does not map a member through an e-mail Slack %s', async (_how, emailConfirmed) => {
    world = await startWorld();
    const phone = world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    world.slack.addUser({
      id: people.alice.slackId,
      name: 'alice',
      email: people.alice.email,
      emailConfirmed,
    });

    const form = await refusedForm(world, people.alice.slackId);

    expect(shown(form.view)).toMatch(/not linked to an AWS IAM user/);
    expect((await auditByActor(world, people.alice.slackId)).map((e) => [e.type, e.errorCode])).toEqual([
      ['REQUEST_REFUSED', 'MEMBER_NOT_MAPPED'],
    ]);
    expect(world.aws.state.callsTo('GetUser')).toHaveLength(0);
    expect(world.aws.state.devicesOf(people.alice.iamUser).map((d) => d.serial)).toEqual([phone.serial]);
  });

  it('reads the account’s users and tags once for many commands of unmapped members within a minute', async () => {
    world = await startWorld();
    world.aws.state.clearCalls();

    for (const userId of [people.carol.slackId, people.carol.slackId, people.erinAlt.slackId]) {
      await openRequestForm(world, userId);
    }
    await Promise.all(
      [people.carol.slackId, people.ivan.slackId, 'U0STRANGER'].map((userId) =>
        world.driver.slashCommand({ userId, channelId: APPROVALS_CHANNEL }),
      ),
    );
    await world.slack.waitFor(() => (world.slack.calls('views.update').length >= 6 ? true : undefined));

    expect(world.aws.state.callsTo('ListUsers')).toHaveLength(1);
    // One ListUserTags per IAM user of the account, once.
    const userNames = world.aws.state.callsTo('ListUserTags').map((call) => call.params.UserName);
    expect(userNames).toHaveLength(new Set(userNames).size);
    expect(userNames).toContain(people.erin.iamUser);
  });

  it('does not look up the mapping of a member who is not an approver', async () => {
    world = await startWorld();
    const { messageTs } = await pendingResetOfAlice(world);
    world.aws.state.clearCalls();
    const usersInfoBefore = world.slack.calls('users.info').length;

    await clickDecision(world, { userId: people.carol.slackId, messageTs, action: 'approve' });
    await world.slack.waitFor(() => world.slack.ephemeralsTo(people.carol.slackId)[0]);

    expect(ephemeralTextTo(world, people.carol.slackId)).toMatch(/not an approver/);
    expect(world.slack.calls('users.info')).toHaveLength(usersInfoBefore);
    expect(world.aws.state.calls).toEqual([]);
    expect(openModalOf(world, people.carol.slackId)).toBeUndefined();
  });
});
