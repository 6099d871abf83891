import { afterEach, describe, expect, it } from 'vitest';
import {
  APPROVALS_CHANNEL,
  approveWithCode,
  isRiskFactsRead,
  people,
  requestReset,
  shown,
  startWorld,
  type World,
} from './world.js';

describe('an MFA reset, end to end', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('resets a virtual and a hardware device after the approver proves MFA through STS', async () => {
    world = await startWorld();
    const phone = world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    world.aws.state.addHardwareDevice({ userName: people.alice.iamUser, serial: 'GAHT12345678' });

    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
    expect(request.state).toBe('PENDING');
    expect(request.devices.map((d) => d.serial).sort()).toEqual(['GAHT12345678', phone.serial].sort());
    expect(shown(world.slack.dmsTo(people.alice.slackId)[0])).toContain('approvers');

    const code = world.codeOf(people.erin.slackId);
    const { answer, modal } = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code,
    });
    expect(answer.outcome.accepted).toBe(true);
    expect(shown(modal.view)).toContain('reset');

    // IAM: both devices are off alice, the virtual one is deleted so she can enrol again.
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
    expect(world.aws.state.virtualDeviceExists(phone.serial)).toBe(false);
    // STS was asked once, with erin's own device on the bot user, for the shortest session.
    const sts = world.aws.state.callsTo('GetSessionToken');
    expect(sts).toHaveLength(1);
    expect(sts[0]!.params).toMatchObject({
      SerialNumber: world.botUser.devices[0]!.serial,
      DurationSeconds: '900',
    });
    // The deactivations used the session credentials STS issued, and always named the user.
    const deactivations = world.aws.state.callsTo('DeactivateMFADevice');
    expect(deactivations).toHaveLength(2);
    for (const call of deactivations) {
      expect(call.accessKeyId).not.toBe(world.botUser.accessKeyId);
      expect(call.params.UserName).toBe(people.alice.iamUser);
    }
    // The AWS calls of the whole reset, and nothing more: GetUser when the form opens, and again
    // when the final approval maps the member anew (a request cannot be retargeted). The reads of
    // the approvers' risk facts at submission are counted apart: one of each, for a user in no group.
    const [riskReads, resetCalls] = [
      world.aws.state.calls.filter(isRiskFactsRead),
      world.aws.state.calls.filter((call) => !isRiskFactsRead(call)),
    ];
    expect(riskReads.map((c) => c.action).sort()).toEqual(
      [
        'GetLoginProfile',
        'GetUser',
        'ListAccessKeys',
        'ListGroupsForUser',
        'ListAttachedUserPolicies',
        'ListUserPolicies',
      ].sort(),
    );
    expect(resetCalls.map((c) => c.action).sort()).toEqual(
      [
        'GetUser',
        'GetUser',
        'ListMFADevices',
        'GetSessionToken',
        'DeactivateMFADevice',
        'DeactivateMFADevice',
        'DeleteVirtualMFADevice',
      ].sort(),
    );

    const stored = await world.requestById(request.id);
    expect(stored?.state).toBe('COMPLETED');
    const trail = await world.auditOf(request.id);
    expect(trail.map((e) => e.type)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'TOKEN_SUBMITTED',
      'REQUEST_APPROVED',
      'EXECUTION_STARTED',
      'DEVICE_DEACTIVATED',
      'DEVICE_DELETED',
      'DEVICE_DEACTIVATED',
      'REQUEST_COMPLETED',
    ]);
    expect(trail.find((e) => e.type === 'REQUEST_APPROVED')).toMatchObject({
      actor: { slackUserId: people.erin.slackId },
      mfaSerial: world.botUser.devices[0]!.serial,
    });
    expect(await world.store.verifyAuditChain()).toMatchObject({ ok: true });

    // The approval message was rewritten in place without buttons; alice was told what to do next.
    const message = world.slack.message(APPROVALS_CHANNEL, messageTs)!;
    expect(message.editCount).toBeGreaterThan(0);
    expect(shown(message)).not.toContain('mfa_reset.approve');
    expect(shown(message)).toContain(people.erin.slackId);
    const outcome = world.slack.dmsTo(people.alice.slackId).at(-1);
    expect(shown(outcome)).toMatch(/enrol/i);

    // Neither the code nor any credential is in a log line, a Slack call or the audit trail.
    const everything = [
      world.logs.join('\n'),
      JSON.stringify(world.slack.calls()),
      JSON.stringify(trail),
    ].join('\n');
    expect(everything).not.toContain(code);
    expect(everything).not.toContain(world.botUser.secretAccessKey);
    expect(everything).not.toMatch(/SessionToken"\s*:\s*"[^"]/);
  });

  it('resets several devices of mixed types: deletes the virtual ones, only deactivates FIDO and hardware', async () => {
    world = await startWorld();
    const phone = world.aws.state.addVirtualDevice({ userName: people.alice.iamUser, name: 'alice-phone' });
    const tablet = world.aws.state.addVirtualDevice({ userName: people.alice.iamUser, name: 'alice-tablet' });
    const key = world.aws.state.addFidoDevice({ userName: people.alice.iamUser });
    world.aws.state.addHardwareDevice({ userName: people.alice.iamUser, serial: 'GAHT87654321' });

    // Alice keeps her tablet: she ticks the other three.
    const keep = tablet.serial;
    const serials = world.aws.state
      .devicesOf(people.alice.iamUser)
      .map((d) => d.serial)
      .filter((s) => s !== keep);
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId, serials });
    expect(request.devices.map((d) => d.kind).sort()).toEqual(['fido', 'hardware', 'virtual']);

    await approveWithCode(world, {
      approver: people.frank.slackId,
      messageTs,
      code: world.codeOf(people.frank.slackId),
    });

    expect(world.aws.state.devicesOf(people.alice.iamUser).map((d) => d.serial)).toEqual([keep]);
    expect(world.aws.state.virtualDeviceExists(phone.serial)).toBe(false);
    expect(world.aws.state.callsTo('DeleteVirtualMFADevice').map((c) => c.params.SerialNumber)).toEqual([
      phone.serial,
    ]);
    expect(
      world.aws.state
        .callsTo('DeactivateMFADevice')
        .map((c) => c.params.SerialNumber)
        .sort(),
    ).toEqual([phone.serial, key.serial, 'GAHT87654321'].sort());
    // frank approves through the S0SECURITY user group, with his own device.
    expect(world.aws.state.callsTo('GetSessionToken')[0]!.params.SerialNumber).toBe(
      world.botUser.devices[1]!.serial,
    );
    const stored = await world.requestById(request.id);
    expect(stored?.state).toBe('COMPLETED');
    expect(stored?.outcomes?.map((o) => [o.kind, o.deactivated, o.deleted]).sort()).toEqual([
      ['fido', true, false],
      ['hardware', true, false],
      ['virtual', true, true],
    ]);
    const events = await world.auditOf(request.id);
    expect(events.filter((e) => e.type === 'DEVICE_DEACTIVATED')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'DEVICE_DELETED')).toHaveLength(1);
  });
});
