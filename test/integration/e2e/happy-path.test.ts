import { afterEach, describe, expect, it } from 'vitest';
import {
  clickDecision,
  openModalOf,
  people,
  requestReset,
  startWorld,
  submitCode,
  type World,
} from './world.js';

describe('an MFA reset, end to end', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('resets a virtual and a hardware device after an approver proves MFA through STS (stepUp: always)', async () => {
    world = await startWorld({ stepUp: 'always' });
    const phone = world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    world.aws.state.addHardwareDevice({ userName: people.alice.iamUser, serial: 'GAHT12345678' });

    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
    expect(request.state).toBe('PENDING');
    expect(request.devices.map((d) => d.serial).sort()).toEqual(['GAHT12345678', phone.serial].sort());

    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'approve' });
    const modal = await world.slack.waitFor(() => openModalOf(world, people.erin.slackId));
    const answer = await submitCode(world, {
      userId: people.erin.slackId,
      viewId: modal.id,
      code: world.codeOf(people.erin.slackId),
    });
    expect(answer.outcome.accepted).toBe(true);

    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
    expect(world.aws.state.virtualDeviceExists(phone.serial)).toBe(false);
    const stored = await world.requestById(request.id);
    expect(stored?.state).toBe('COMPLETED');
    const events = (await world.auditOf(request.id)).map((e) => e.type);
    expect(events).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'REQUEST_APPROVED',
      'EXECUTION_STARTED',
      expect.any(String),
      expect.any(String),
      expect.any(String),
      'REQUEST_COMPLETED',
    ]);
    console.log(world.aws.state.calls.map((c) => c.action));
  });
});
