import { afterEach, describe, expect, it } from 'vitest';
import { DATA, EXTERNAL_ID, LEGACY, withMemberAccounts } from './member-world.js';
import {
  approveWithCode,
  eventTypes,
  eventually,
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

  it('tells the approver when the role refuses the bot, changes nothing, and keeps the request open', async () => {
    world = await startWorld(withMemberAccounts({ legacyExternalId: 'not-the-roles-external-id' }));
    // The reader role refuses too: the form says so instead of listing devices.
    const form = await openRequestForm(world, people.mallory.slackId);
    expect(shown(form.view)).toMatch(/refused the bot its role in the member account/);

    // Reads through the right external ID, reset through a wrong one: only the reset role refuses.
    await world.close();
    world = await startWorld(withMemberAccounts({ legacyResetTrustExternalId: 'another-external-id' }));
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
  });

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
});
