import { afterEach, describe, expect, it } from 'vitest';
import {
  APPROVALS_CHANNEL,
  approveWithCode,
  auditByActor,
  people,
  requestReset,
  shown,
  startWorld,
  submitCode,
  type World,
} from './world.js';

describe('an approver device locked after repeated wrong codes, across requests', () => {
  let world: World;
  afterEach(async () => world?.close());

  /** Erin enters `codes` wrong codes, one after another, in one approval modal of the request. */
  async function wrongCodes(input: { messageTs: string; first: number; count: number }) {
    const { modal } = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs: input.messageTs,
      code: world.wrongCode(input.first),
    });
    for (let n = 1; n < input.count; n += 1) {
      await submitCode(world, {
        userId: people.erin.slackId,
        viewId: modal.id,
        code: world.wrongCode(input.first + n),
      });
    }
    return modal;
  }

  it('refuses the next code, even a right one, without calling STS after 3 wrong codes on one request and 2 on another', async () => {
    world = await startWorld({ maxTokenAttempts: 3, lockout: { maxFailures: 5, windowMinutes: 15 } });
    const phone = world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const first = await requestReset(world, { userId: people.alice.slackId });
    await wrongCodes({ messageTs: first.messageTs, first: 0, count: 3 });
    expect((await world.requestById(first.request.id))?.state).toBe('FAILED');

    const second = await requestReset(world, { userId: people.alice.slackId });
    const modal = await wrongCodes({ messageTs: second.messageTs, first: 3, count: 2 });
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(5);

    const right = await submitCode(world, {
      userId: people.erin.slackId,
      viewId: modal.id,
      code: world.codeOf(people.erin.slackId),
    });

    // Refused before STS: the fifth wrong code locked erin's device.
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(5);
    expect(world.aws.state.callsTo('DeactivateMFADevice')).toHaveLength(0);
    expect(world.aws.state.devicesOf(people.alice.iamUser).map((d) => d.serial)).toEqual([phone.serial]);
    expect(JSON.stringify(right.body)).toMatch(
      /not accepting its codes for now\. Try again after \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    );
    expect(await world.requestById(second.request.id)).toMatchObject({ state: 'PENDING' });

    const erinsEvents = await auditByActor(world, people.erin.slackId);
    expect(erinsEvents.filter((e) => e.type === 'APPROVER_DEVICE_LOCKED')).toEqual([
      expect.objectContaining({
        mfaSerial: world.botUser.devices[0]!.serial,
        details: { until: expect.any(String) },
      }),
    ]);
    expect(erinsEvents.at(-1)).toMatchObject({
      type: 'APPROVAL_REFUSED',
      errorCode: 'APPROVER_DEVICE_LOCKED',
      requestId: second.request.id,
    });
    const alert = world.slack
      .messagesIn(APPROVALS_CHANNEL)
      .find((message) => /Approver MFA device locked/.test(shown(message)));
    expect(shown(alert)).toContain(`<@${people.erin.slackId}>`);

    // The lock is erin's device's, not the request's: frank's code still works on it.
    await approveWithCode(world, {
      approver: people.frank.slackId,
      messageTs: second.messageTs,
      code: world.codeOf(people.frank.slackId),
    });
    expect((await world.requestById(second.request.id))?.state).toBe('COMPLETED');
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);

    // The deployment's alarms count these from the log: one JSON line per audit event.
    const auditLines = world.logs
      .map((line) => JSON.parse(line) as { audit?: unknown; eventType?: unknown })
      .filter((line) => line.audit === true);
    expect(auditLines.filter((line) => line.eventType === 'APPROVER_DEVICE_LOCKED')).toHaveLength(1);
    expect(auditLines.filter((line) => line.eventType === 'REQUEST_COMPLETED')).toHaveLength(1);
  });
});
