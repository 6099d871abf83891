import { afterEach, describe, expect, it } from 'vitest';
import { CallbackId } from '../../../src/slack/ids.js';
import {
  APPROVALS_CHANNEL,
  auditByActor,
  clickDecision,
  ephemeralTextTo,
  eventTypes,
  openRequestForm,
  pendingResetOfAlice,
  people,
  requestReset,
  shown,
  startWorld,
  type World,
} from './world.js';

describe('what the bot refuses, and says why', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('tells a member whose IAM user has no MFA devices that there is nothing to reset, and makes no request', async () => {
    world = await startWorld();
    const form = await openRequestForm(world, people.alice.slackId);

    expect(form.view.callback_id).not.toBe(CallbackId.requestModal);
    expect(shown(form.view)).toMatch(/no MFA devices/);
    await world.slack.waitFor(() => world.slack.ephemeralsTo(people.alice.slackId)[0]);
    expect(ephemeralTextTo(world, people.alice.slackId)).toMatch(/nothing to reset/);
    expect(world.slack.messagesIn(APPROVALS_CHANNEL).filter((m) => m.ephemeralTo === undefined)).toEqual([]);
    const refused = await auditByActor(world, people.alice.slackId);
    expect(refused.map((e) => [e.type, e.errorCode, e.target?.iamUserName])).toEqual([
      ['REQUEST_REFUSED', 'NO_MFA_DEVICES', people.alice.iamUser],
    ]);
  });

  it('explains to an unmapped member that their Slack account is not linked to an IAM user, and audits it', async () => {
    world = await startWorld();
    const form = await openRequestForm(world, people.carol.slackId);

    expect(shown(form.view)).toMatch(/not linked to an AWS IAM user/);
    await world.slack.waitFor(() => world.slack.ephemeralsTo(people.carol.slackId)[0]);
    expect(ephemeralTextTo(world, people.carol.slackId)).toMatch(/not linked to an AWS IAM user/);
    expect((await auditByActor(world, people.carol.slackId)).map((e) => [e.type, e.errorCode])).toEqual([
      ['REQUEST_REFUSED', 'MEMBER_NOT_MAPPED'],
    ]);
    expect(world.aws.state.callsTo('GetUser')).toHaveLength(0);
  });

  it('explains a mapping to an IAM user that does not exist, and audits it with the name', async () => {
    world = await startWorld();
    const form = await openRequestForm(world, people.dave.slackId);

    expect(shown(form.view)).toMatch(/IAM user that does not exist/);
    await world.slack.waitFor(() => world.slack.ephemeralsTo(people.dave.slackId)[0]);
    const refused = await auditByActor(world, people.dave.slackId);
    expect(refused.map((e) => [e.type, e.errorCode, e.target?.iamUserName])).toEqual([
      ['REQUEST_REFUSED', 'IAM_USER_NOT_FOUND', people.dave.iamUser],
    ]);
    expect(world.aws.state.callsTo('ListMFADevices')).toHaveLength(0);
  });

  it.each<{ rule: string; iamUser: string; tags: Record<string, string> }>([
    { rule: 'protect.tag', iamUser: 'grace', tags: { 'mfa-reset-protected': 'true' } },
    { rule: 'protect.users glob', iamUser: 'admin-ops', tags: {} },
  ])(
    'refuses to reset a protected IAM user ($rule), before listing its devices',
    async ({ iamUser, tags }) => {
      world = await startWorld();
      world.aws.state.addUser({ userName: iamUser, tags });
      world.aws.state.addVirtualDevice({ userName: iamUser });
      world.slack.addUser({ id: 'U0PROTECTED', name: iamUser, email: `${iamUser}@example.com` });
      const form = await openRequestForm(world, 'U0PROTECTED');

      expect(shown(form.view)).toMatch(/protected/);
      expect(
        (await auditByActor(world, 'U0PROTECTED')).map((e) => [e.errorCode, e.target?.iamUserName]),
      ).toEqual([['USER_PROTECTED', iamUser]]);
      expect(world.aws.state.callsTo('ListMFADevices')).toHaveLength(0);
      expect(world.aws.state.devicesOf(iamUser)).toHaveLength(1);
    },
  );

  it('refuses an approver deciding on their own request, opens no modal, and audits the refusal', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.erin.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.erin.slackId });
    const opened = world.slack.calls('views.open').length;

    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'approve' });
    await world.slack.waitFor(() => world.slack.ephemeralsTo(people.erin.slackId)[0]);

    expect(ephemeralTextTo(world, people.erin.slackId)).toMatch(/cannot decide on your own request/);
    expect(world.slack.calls('views.open')).toHaveLength(opened);
    expect((await world.requestById(request.id))?.state).toBe('PENDING');
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
    const refusal = (await world.auditOf(request.id)).find((e) => e.type === 'APPROVAL_REFUSED');
    expect(refusal).toMatchObject({
      errorCode: 'SELF_APPROVAL',
      actor: { slackUserId: people.erin.slackId },
    });
  });

  it('refuses a member who is not an approver, and audits the refusal', async () => {
    world = await startWorld();
    const { request, messageTs } = await pendingResetOfAlice(world);

    await clickDecision(world, { userId: people.mallory.slackId, messageTs, action: 'approve' });
    await world.slack.waitFor(() => world.slack.ephemeralsTo(people.mallory.slackId)[0]);

    expect(ephemeralTextTo(world, people.mallory.slackId)).toMatch(/not an approver/);
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);
    expect((await world.requestById(request.id))?.state).toBe('PENDING');
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'APPROVAL_REFUSED',
    ]);
  });

  it('answers `/mfa-reset help` with the usage, and an unknown option with the usage too', async () => {
    world = await startWorld();
    await world.driver.slashCommand({
      userId: people.alice.slackId,
      channelId: APPROVALS_CHANNEL,
      text: 'help',
    });
    await world.driver.slashCommand({
      userId: people.alice.slackId,
      channelId: APPROVALS_CHANNEL,
      text: 'frobnicate',
    });
    const replies = await world.slack.waitFor(() => {
      const all = world.slack.responsesTo({ userId: people.alice.slackId });
      return all.length >= 2 ? all : undefined;
    });

    expect(JSON.stringify(replies[0])).toContain('/mfa-reset');
    expect(JSON.stringify(replies[1])).toMatch(/Unknown option “frobnicate”/);
    expect(world.slack.calls('views.open')).toHaveLength(0);
  });
});
