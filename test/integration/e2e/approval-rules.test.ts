import { afterEach, describe, expect, it } from 'vitest';
import { selected, typed } from '../../../sandbox/slack-driver/state-values.js';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import {
  APPROVALS_CHANNEL,
  clickDecision,
  ephemeralTextTo,
  eventually,
  filledModalSince,
  openRequestForm,
  people,
  requestReset,
  shown,
  startWorld,
  type World,
} from './world.js';

/**
 * A strict rule for IAM users tagged access-level=admin: erin and the security group (frank), two
 * of them, each attesting how they verified the person, no help-desk requests, 30 minutes' wait.
 */
const administrators = `  - name: administrators
    match: { tag: { key: access-level, value: admin } }
    minApprovals: 2
    requesters: self
    verification: attest
    waitMinutes: 30`;

const attested = {
  [BlockId.attestation]: { [ActionId.attestationMethod]: selected('video-call') },
  [BlockId.attestationNote]: {
    [ActionId.attestationNote]: typed('Video call at 14:05, camera on, face matched'),
  },
};

async function adminWorld(): Promise<World> {
  return startWorld({
    rulesYaml: administrators,
    beforeStart: (aws) => aws.state.setTags(people.alice.iamUser, { 'access-level': 'admin' }),
  });
}

/** Clicks Approve as `approver` and returns the modal the bot filled in (the form, or a refusal). */
async function approveModal(world: World, approver: string, messageTs: string) {
  const mark = world.slack.callCount();
  await clickDecision(world, { userId: approver, messageTs, action: 'approve' });
  return filledModalSince(world, mark);
}

async function submitApproval(
  world: World,
  input: { approver: string; viewId: string; attestation?: typeof attested },
) {
  return world.driver.viewSubmission({
    viewId: input.viewId,
    userId: input.approver,
    inputs: {
      [BlockId.tokenCode]: { [ActionId.tokenCode]: typed(world.codeOf(input.approver)) },
      ...(input.attestation ?? {}),
    },
  });
}

describe('approval rules per IAM user, over signed HTTP', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('needs the rule’s wait, then two approvers who each attest how they verified the person', async () => {
    world = await adminWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
    expect(request.rule).toMatchObject({ name: 'administrators', why: ['tag access-level=admin'] });

    // The approvers see the rule, why it applies and when approval opens; Alice is told of the wait.
    const message = shown(world.slack.message(APPROVALS_CHANNEL, messageTs));
    expect(message).toContain('Approval rule `administrators`* (tag access-level=admin): 2 approvals');
    expect(message).toContain('Approval opens');
    const dm = await eventually(async () => world.slack.dmsTo(people.alice.slackId).at(-1));
    expect(shown(dm)).toContain('Nobody can approve it before');
    expect(shown(dm)).toContain(ActionId.cancelRequest);

    // During the wait, Approve opens no form: the refusal says when it opens.
    const early = await approveModal(world, people.erin.slackId, messageTs);
    expect(shown(early.view)).toContain('waiting period');
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);

    world.advanceClock(30 * 60_000);
    const first = await approveModal(world, people.erin.slackId, messageTs);
    expect(shown(first.view)).toContain('How did you verify them?');
    await submitApproval(world, { approver: people.erin.slackId, viewId: first.id, attestation: attested });
    await eventually(async () => (await world.requestById(request.id))?.approvals.length === 1);
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);

    const second = await approveModal(world, people.frank.slackId, messageTs);
    await submitApproval(world, { approver: people.frank.slackId, viewId: second.id, attestation: attested });
    await eventually(async () => (await world.requestById(request.id))?.state === 'COMPLETED');
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);

    const trail = await world.auditOf(request.id);
    expect(trail.find((e) => e.type === 'REQUEST_CREATED')?.details).toMatchObject({
      rule: 'administrators',
      ruleDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      opensAt: request.opensAt,
    });
    expect(trail.find((e) => e.type === 'APPROVAL_RECORDED')).toMatchObject({
      actor: { slackUserId: people.erin.slackId },
      details: { verifiedBy: 'video-call', verificationNote: 'Video call at 14:05, camera on, face matched' },
    });
    expect(trail.find((e) => e.type === 'REQUEST_APPROVED')).toMatchObject({
      actor: { slackUserId: people.frank.slackId },
      details: { verifiedBy: 'video-call' },
    });
    expect(trail.filter((e) => e.type === 'APPROVAL_REFUSED').map((e) => e.errorCode)).toEqual([
      'APPROVALS_NOT_OPEN',
    ]);
  });

  it('refuses a submission without the attestation beside its input, before STS sees the code', async () => {
    world = await adminWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
    world.advanceClock(30 * 60_000);
    const modal = await approveModal(world, people.erin.slackId, messageTs);
    // Slack would not send the form without its required inputs; a forged submission can.
    const forged = await world.driver.viewSubmission({
      viewId: modal.id,
      userId: people.erin.slackId,
      inputs: { [BlockId.tokenCode]: { [ActionId.tokenCode]: typed(world.codeOf(people.erin.slackId)) } },
      forged: true,
    });
    expect(forged.body).toMatchObject({
      response_action: 'errors',
      errors: { [BlockId.attestation]: expect.any(String) },
    });
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
    expect((await world.requestById(request.id))?.approvals).toEqual([]);
  });

  it('refuses a help-desk request for a user whose rule lets only the member ask', async () => {
    world = await adminWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    await openRequestForm(world, people.hugo.slackId, { forMember: people.alice.slackId });
    await eventually(async () => ephemeralTextTo(world, people.hugo.slackId).includes('approval rule'));
  });

  it('closes the request (RULE_CHANGED) when the user’s tag is removed before the final approval: nothing reset', async () => {
    world = await adminWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
    world.advanceClock(30 * 60_000);
    const first = await approveModal(world, people.erin.slackId, messageTs);
    await submitApproval(world, { approver: people.erin.slackId, viewId: first.id, attestation: attested });
    await eventually(async () => (await world.requestById(request.id))?.approvals.length === 1);

    // Someone removes the tag: under the default rule one approval would already be enough.
    world.aws.state.setTags(people.alice.iamUser, {});
    const second = await approveModal(world, people.frank.slackId, messageTs);
    await submitApproval(world, { approver: people.frank.slackId, viewId: second.id, attestation: attested });
    await eventually(async () => (await world.requestById(request.id))?.state === 'FAILED');
    expect(await world.requestById(request.id)).toMatchObject({ failureCode: 'RULE_CHANGED' });
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);
    expect(world.aws.state.callsTo('DeactivateMFADevice')).toHaveLength(0);
  });
});

describe('verification: confirm, over signed HTTP', () => {
  let world: World;
  afterEach(async () => world?.close());

  const confirmed = `  - name: confirmed-by-manager
    match: { tag: { key: access-level, value: admin } }
    verification: confirm
    confirmers: { tag: manager-slack-id }`;

  it('opens approvals only after the member the manager tag names confirms in their DM', async () => {
    world = await startWorld({
      rulesYaml: confirmed,
      beforeStart: (aws) =>
        aws.state.setTags(people.alice.iamUser, {
          'access-level': 'admin',
          'manager-slack-id': people.olivia.slackId,
        }),
    });
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
    expect(shown(world.slack.message(APPROVALS_CHANNEL, messageTs))).toContain('Waiting for a confirmation');

    // Before the confirmation, Approve opens no form.
    const early = await approveModal(world, people.erin.slackId, messageTs);
    expect(shown(early.view)).toContain('confirmation');

    const ask = await eventually(async () =>
      world.slack.dmsTo(people.olivia.slackId).find((dm) => shown(dm).includes(ActionId.confirmRequest)),
    );
    expect(shown(ask)).toContain(`<@${people.alice.slackId}> asked for a reset`);
    await world.driver.blockAction({
      userId: people.olivia.slackId,
      actionId: ActionId.confirmRequest,
      message: { channel: ask.channel, ts: ask.ts },
    });
    await eventually(
      async () => (await world.requestById(request.id))?.confirmation?.by === people.olivia.slackId,
    );

    const form = await approveModal(world, people.erin.slackId, messageTs);
    await submitApproval(world, { approver: people.erin.slackId, viewId: form.id });
    await eventually(async () => (await world.requestById(request.id))?.state === 'COMPLETED');
    const trail = await world.auditOf(request.id);
    expect(trail.find((e) => e.type === 'REQUEST_CONFIRMED')).toMatchObject({
      actor: { slackUserId: people.olivia.slackId },
    });
    expect(trail.map((e) => e.type).indexOf('REQUEST_CONFIRMED')).toBeLessThan(
      trail.map((e) => e.type).indexOf('REQUEST_APPROVED'),
    );
  });
});

describe('rules on IAM groups and administrator access, over signed HTTP', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('puts a member of the Administrators group under its rule, read with ListGroupsForUser: only the rule’s approver may approve', async () => {
    world = await startWorld({
      rulesYaml: `  - name: group-admins
    match: { group: Administrators }
    approvers: { users: [${people.frank.slackId}] }`,
      beforeStart: (aws) => aws.state.access.addUserToGroup(people.alice.iamUser, 'Administrators'),
    });
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
    expect(request.rule).toMatchObject({ name: 'group-admins', why: ['group Administrators'] });

    const refused = await approveModal(world, people.erin.slackId, messageTs);
    expect(shown(refused.view)).toContain('You are not an approver of this request');
    const form = await approveModal(world, people.frank.slackId, messageTs);
    await submitApproval(world, { approver: people.frank.slackId, viewId: form.id });
    await eventually(async () => (await world.requestById(request.id))?.state === 'COMPLETED');
  });

  it('refuses the request (RULE_FACTS_UNKNOWN) when IAM denies the reads a rule on administrator access needs', async () => {
    world = await startWorld({
      rulesYaml: `  - name: admins
    match: { administratorAccess: true }
    minApprovals: 2`,
      beforeStart: (aws) => aws.state.access.deny('ListAttachedUserPolicies'),
    });
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    await openRequestForm(world, people.alice.slackId);
    await eventually(async () => {
      const modal = world.slack.lastView();
      return shown(modal?.view).includes('could not read what it needs from IAM') ? modal : undefined;
    });
  });
});

describe('rules on the IAM path and the user name, over signed HTTP', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('matches the path GetUser gives and a user-name glob without case, and says why on the approval message', async () => {
    world = await startWorld({
      rulesYaml: `  - name: named
    match: { pathPrefix: /, userName: "ALI*" }
    minApprovals: 2`,
    });
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
    expect(request.rule).toMatchObject({ name: 'named', why: ['path /', 'user name ALI*'] });
    expect(shown(world.slack.message(APPROVALS_CHANNEL, messageTs))).toContain(
      'Approval rule `named`* (path /, user name ALI*): 2 approvals',
    );
  });
});
