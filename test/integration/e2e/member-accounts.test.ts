import { afterEach, describe, expect, it } from 'vitest';
import { tickedAll, typed } from '../../../sandbox/slack-driver/index.js';
import { ActionId, BlockId, CallbackId } from '../../../src/slack/ids.js';
import { DATA, EXTERNAL_ID, LEGACY, withMemberAccounts } from './member-world.js';
import {
  approveWithCode,
  clickDecision,
  eventTypes,
  eventually,
  filledModalSince,
  openRequestForm,
  people,
  requestReset,
  shown,
  startWorld,
  type World,
} from './world.js';

describe('member accounts, end to end', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('resets a user of a member account there, and only there, with one code through the reset role', async () => {
    world = await startWorld(withMemberAccounts());
    const legacy = world.aws.account(LEGACY).state;
    const phone = legacy.addVirtualDevice({ userName: 'mallory' });
    // A user of the same name in the bot's own account, with a device that must stay as it is.
    world.aws.state.addUser({ userName: 'mallory-home' });
    const homePhone = world.aws.state.addVirtualDevice({ userName: 'mallory-home', name: 'mallory' });

    const { request, messageTs } = await requestReset(world, { userId: people.mallory.slackId });
    expect(request.target.iamUserName).toBe(`${LEGACY}:mallory`);
    expect(request.devices.map((d) => d.serial)).toEqual([phone.serial]);
    const approvalMessage = world.slack.messagesIn(world.config.configFile.slack.approvalChannel).at(-1);
    expect(shown(approvalMessage)).toContain(`${LEGACY}:mallory`);
    expect(shown(approvalMessage)).toContain(`legacy-prod (${LEGACY})`);

    const { answer } = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });
    expect(answer.outcome.accepted).toBe(true);
    const done = await world.requestById(request.id);
    expect(done?.state).toBe('COMPLETED');

    // The device is gone in legacy-prod; the home account's is untouched.
    expect(legacy.devicesOf('mallory')).toEqual([]);
    expect(legacy.virtualDeviceExists(phone.serial)).toBe(false);
    expect(world.aws.state.devicesOf('mallory-home').map((d) => d.serial)).toEqual([homePhone.serial]);

    // One GetSessionToken with erin's code; the reset role assumed with that session, named for the request.
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(1);
    const [assumed] = world.aws.state
      .callsTo('AssumeRole')
      .filter((call) => call.params.RoleArn?.endsWith('-reset'));
    expect(assumed?.accessKeyId).toMatch(/^ASIA/);
    expect(assumed?.params).toMatchObject({
      RoleArn: `arn:aws:iam::${LEGACY}:role/mfa-reset-bot-reset`,
      RoleSessionName: `mfa-reset-${request.id}`,
      ExternalId: EXTERNAL_ID,
      DurationSeconds: '900',
    });
    // The changes were signed by the role's session (not the MFA session itself), which EXECUTION_STARTED names.
    const changes = world.aws.state.calls.filter((call) => /^(Deactivate|Delete)/.test(call.action));
    expect(changes.map((call) => call.action).sort()).toEqual([
      'DeactivateMFADevice',
      'DeleteVirtualMFADevice',
    ]);
    const roleKeys = [...new Set(changes.map((call) => call.accessKeyId))];
    expect(roleKeys).toHaveLength(1);
    expect(roleKeys[0]).not.toBe(assumed?.accessKeyId);
    expect(legacy.roles.session(roleKeys[0]!)?.sessionName).toBe(`mfa-reset-${request.id}`);
    const started = (await world.auditOf(request.id)).find((event) => event.type === 'EXECUTION_STARTED');
    expect(started?.details).toMatchObject({
      sessionKeyId: assumed?.accessKeyId,
      accountId: LEGACY,
      roleSessionName: `mfa-reset-${request.id}`,
      roleSessionKeyId: roleKeys[0],
    });
  });

  it('says so in the form when the reader role refuses the bot', async () => {
    world = await startWorld(withMemberAccounts({ legacyExternalId: 'not-the-roles-external-id' }));
    const form = await openRequestForm(world, people.mallory.slackId);
    expect(shown(form.view)).toMatch(/refused the bot its role in the member account/);
  });

  it.each([
    ['its trust requires another external ID', { legacyResetTrustExternalId: 'another-external-id' }],
    ['the account has no reset role', { legacyWithoutResetRole: true }],
  ])(
    'tells the approver when the reset role refuses the bot (%s), changes nothing, and keeps the request open',
    async (_, roles) => {
      world = await startWorld(withMemberAccounts(roles));
      const phone = world.aws.account(LEGACY).state.addVirtualDevice({ userName: 'mallory' });
      const { request, messageTs } = await requestReset(world, { userId: people.mallory.slackId });
      const { modal } = await approveWithCode(world, {
        approver: people.erin.slackId,
        messageTs,
        code: world.codeOf(people.erin.slackId),
      });
      const told = await eventually(
        async () => {
          const text = shown(world.slack.viewById(modal.view.id)?.view);
          return /trust policy/.test(text) ? text : undefined;
        },
        { what: 'the refusal in the approver’s modal' },
      );
      expect(told).toContain('refused the bot its role in the member account');
      expect(told).toContain(`arn:aws:iam::${LEGACY}:role/mfa-reset-bot-reset`);
      expect(told).toContain('Nothing was changed');
      expect(
        world.aws
          .account(LEGACY)
          .state.devicesOf('mallory')
          .map((d) => d.serial),
      ).toEqual([phone.serial]);
      expect((await world.requestById(request.id))?.state).toBe('PENDING');
      const failed = (await world.auditOf(request.id)).find((event) => event.type === 'STEP_UP_FAILED');
      expect(failed?.errorCode).toBe('MEMBER_ROLE_REFUSED');
    },
  );

  it('says an SCP denied the reset, and records the device as not reset', async () => {
    world = await startWorld(withMemberAccounts());
    const legacy = world.aws.account(LEGACY).state;
    const phone = legacy.addVirtualDevice({ userName: 'mallory' });
    legacy.scp.deny('iam:DeactivateMFADevice');
    const { request, messageTs } = await requestReset(world, { userId: people.mallory.slackId });
    await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });
    const done = await world.requestById(request.id);
    expect(done?.state).toBe('FAILED');
    expect(done?.failureCode).toBe('AWS_DENIED_BY_SCP');
    expect(legacy.devicesOf('mallory').map((d) => d.serial)).toEqual([phone.serial]);
    expect(await eventTypes(world, request.id)).toContain('DEVICE_RESET_FAILED');
  });

  it('protects a user by the account’s own rules in that account, and by the global ones in every account', async () => {
    world = await startWorld(withMemberAccounts({ legacyProtect: 'mall*' }));
    world.aws.account(LEGACY).state.addVirtualDevice({ userName: 'mallory' });
    world.aws.account(DATA).state.addVirtualDevice({ userName: 'admin-bob' });
    const mallory = await openRequestForm(world, people.mallory.slackId);
    expect(shown(mallory.view)).toMatch(/protected/);
    const bob = await openRequestForm(world, people.bob.slackId);
    expect(shown(bob.view)).toMatch(/protected/);
    const refusals = await world.store.queryAudit({ by: 'time' });
    expect(
      refusals.events
        .filter((event) => event.type === 'REQUEST_REFUSED')
        .map((event) => [event.errorCode, event.target?.iamUserName]),
    ).toEqual([
      ['USER_PROTECTED', `${LEGACY}:mallory`],
      ['USER_PROTECTED', `${DATA}:admin-bob`],
    ]);
  });

  it('lets a member with IAM users in two accounts pick one, and resets that one only', async () => {
    world = await startWorld(withMemberAccounts());
    // alice's e-mail gives `alice`, which exists in the bot's account and in legacy-prod.
    world.aws.account(LEGACY).state.addUser({ userName: 'alice' });
    const legacyPhone = world.aws.account(LEGACY).state.addVirtualDevice({ userName: 'alice' });
    const homePhone = world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });

    const choice = await openAccountChoice(world, people.alice.slackId);
    expect(choice.view.callback_id).toBe(CallbackId.accountChoiceModal);
    expect(buttonsOf(choice.view).map((button) => button.text)).toEqual([
      'alice',
      `alice in legacy-prod (${LEGACY})`,
    ]);
    const form = await chooseAccount(world, people.alice.slackId, choice, `alice in legacy-prod (${LEGACY})`);
    expect(shown(form.view)).toContain(`${LEGACY}:alice`);
    const submitted = await world.driver.viewSubmission({
      viewId: form.id,
      userId: people.alice.slackId,
      inputs: {
        [BlockId.devices]: { [ActionId.devices]: tickedAll(form.view, BlockId.devices) },
        [BlockId.reason]: { [ActionId.reason]: typed('Lost my phone on the train') },
      },
    });
    expect(submitted.outcome.accepted).toBe(true);
    const request = await eventually(async () => (await world.store.listRequestsByState('PENDING'))[0]);
    expect(request.target.iamUserName).toBe(`${LEGACY}:alice`);
    const messageTs = await eventually(
      async () => (await world.requestById(request.id))?.approvalMessage?.ts,
    );
    await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });
    expect((await world.requestById(request.id))?.state).toBe('COMPLETED');
    expect(world.aws.account(LEGACY).state.devicesOf('alice')).toEqual([]);
    expect(world.aws.state.devicesOf(people.alice.iamUser).map((d) => d.serial)).toEqual([homePhone.serial]);
    expect(legacyPhone.serial).toContain(LEGACY);
  });

  it('refuses an approver the reset of their own IAM user in another account', async () => {
    world = await startWorld(withMemberAccounts());
    // erin's second Slack account carries its ID on erin's users of both accounts (the tag rule).
    world.aws
      .account(LEGACY)
      .state.addUser({ userName: 'erin', tags: { 'slack-user-id': people.erinAlt.slackId } });
    world.aws.account(LEGACY).state.addVirtualDevice({ userName: 'erin' });
    const choice = await openAccountChoice(world, people.erinAlt.slackId);
    const form = await chooseAccount(
      world,
      people.erinAlt.slackId,
      choice,
      `erin in legacy-prod (${LEGACY})`,
    );
    await world.driver.viewSubmission({
      viewId: form.id,
      userId: people.erinAlt.slackId,
      inputs: {
        [BlockId.devices]: { [ActionId.devices]: tickedAll(form.view, BlockId.devices) },
        [BlockId.reason]: { [ActionId.reason]: typed('Lost my phone on the train') },
      },
    });
    const request = await eventually(async () => (await world.store.listRequestsByState('PENDING'))[0]);
    expect(request.target.iamUserName).toBe(`${LEGACY}:erin`);
    const messageTs = await eventually(
      async () => (await world.requestById(request.id))?.approvalMessage?.ts,
    );
    // erin's e-mail gives `erin` in every account: the legacy-prod user is hers too.
    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'approve' });
    const refusal = await eventually(async () =>
      (await world.auditOf(request.id)).find((event) => event.type === 'APPROVAL_REFUSED'),
    );
    expect(refusal.errorCode).toBe('APPROVER_IS_TARGET');
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
  });

  it('resets in the second member account as well, through that account’s own reset role', async () => {
    world = await startWorld(withMemberAccounts());
    const data = world.aws.account(DATA).state;
    const phone = data.addVirtualDevice({ userName: 'hugo' });
    const { request, messageTs } = await requestReset(world, { userId: people.hugo.slackId });
    expect(request.target.iamUserName).toBe(`${DATA}:hugo`);
    await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });
    expect((await world.requestById(request.id))?.state).toBe('COMPLETED');
    expect(data.virtualDeviceExists(phone.serial)).toBe(false);
    const assumed = world.aws.state
      .callsTo('AssumeRole')
      .filter((call) => call.params.RoleArn?.endsWith('-reset'));
    expect(assumed.map((call) => call.params.RoleArn)).toEqual([
      `arn:aws:iam::${DATA}:role/mfa-reset-bot-reset`,
    ]);
  });
});

/** `/mfa-reset` as a member mapped in several accounts: the choice modal, once it is filled in. */
async function openAccountChoice(world: World, userId: string) {
  const form = await openRequestForm(world, userId);
  return { id: form.viewId, view: form.view };
}

function buttonsOf(view: { blocks?: unknown }): Array<{ text: string; value: string; blockId: string }> {
  const blocks = (view.blocks ?? []) as Array<{
    type: string;
    block_id?: string;
    elements?: Array<{ text: { text: string }; value: string }>;
  }>;
  return blocks
    .filter((block) => block.type === 'actions')
    .flatMap((block) => (block.elements ?? []).map((element) => ({ element, blockId: block.block_id ?? '' })))
    .map(({ element, blockId }) => ({ text: element.text.text, value: element.value, blockId }));
}

/** Clicks the account's button in the choice; returns the request form pushed over it, filled in. */
async function chooseAccount(
  world: World,
  userId: string,
  choice: { id: string; view: { blocks?: unknown } },
  label: string,
) {
  const button = buttonsOf(choice.view).find((candidate) => candidate.text === label);
  if (button === undefined) throw new Error(`no button ${label}`);
  const mark = world.slack.callCount();
  await world.driver.blockAction({
    userId,
    viewId: choice.id,
    actionId: ActionId.chooseAccount,
    blockId: button.blockId,
    value: button.value,
  });
  return filledModalSince(world, mark, 'views.push');
}
