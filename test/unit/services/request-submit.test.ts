import { describe, expect, it } from 'vitest';
import { deviceRef } from '../../../src/domain/devices.js';
import { ALICE, ALICE_HARDWARE, ALICE_VIRTUAL, APPROVALS_CHANNEL, ERIN } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

const reason = 'Lost my phone on the train';

describe('submit: asking for a reset', () => {
  it('records a PENDING request for the chosen devices of the requester’s own IAM user', async () => {
    const world = aWorld();
    const request = await world.requests.submit({
      slackUserId: ALICE,
      iamUserName: 'alice',
      serials: [ALICE_HARDWARE],
      reason: `  ${reason}  `,
    });
    expect(request).toMatchObject({
      state: 'PENDING',
      requesterSlackId: ALICE,
      target: { slackUserId: ALICE, iamUserName: 'alice' },
      devices: [{ serial: ALICE_HARDWARE, kind: 'hardware' }],
      reason,
      createdAt: '2025-03-03T09:00:00.000Z',
      expiresAt: '2025-03-03T10:00:00.000Z',
    });
    expect(world.store.current(request.id)).toEqual(request);
  });

  it('writes REQUEST_CREATED, then APPROVERS_NOTIFIED with where the message was posted', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    expect(world.store.eventTypes(request.id)).toEqual(['REQUEST_CREATED', 'APPROVERS_NOTIFIED']);
    const [created, notified] = world.store.eventsOf(request.id);
    expect(created).toMatchObject({
      actor: { kind: 'member', slackUserId: ALICE },
      target: { slackUserId: ALICE, iamUserName: 'alice' },
      devices: [ALICE_VIRTUAL, ALICE_HARDWARE],
      reason,
      outcome: 'success',
    });
    expect(notified).toMatchObject({ actor: { kind: 'bot' }, details: { channel: APPROVALS_CHANNEL } });
  });

  it('posts the request to the approvers, remembers the message, and tells the requester', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    expect(world.notifier.posted.map((r) => r.id)).toEqual([request.id]);
    expect(request.approvalMessage).toEqual({ channel: APPROVALS_CHANNEL, ts: expect.any(String) });
    expect(request.version).toBe(2);
    expect(world.notifier.dms.map((dm) => dm.id)).toEqual([request.id]);
    // Where that DM is, so that its Cancel button goes once the request is decided.
    expect(request.memberDms).toEqual([{ slackUserId: ALICE, channel: `D${ALICE}`, ts: expect.any(String) }]);
    expect(world.store.current(request.id)).toEqual(request);
  });

  it('refuses a reason shorter than reasonMinLength, spaces not counted, before anything else', async () => {
    const world = aWorld();
    await expect(
      world.requests.submit({
        slackUserId: ALICE,
        iamUserName: 'alice',
        serials: [ALICE_VIRTUAL],
        reason: '  lost   ',
      }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID', message: expect.stringContaining('10 characters') });
    expect(world.store.events()).toEqual([]);
    expect(world.iam.calls).toEqual([]);
  });

  it('accepts a reason of exactly reasonMinLength characters', async () => {
    const world = aWorld();
    await expect(world.pendingRequest({ reason: 'Lost phone' })).resolves.toMatchObject({
      reason: 'Lost phone',
    });
  });

  it('refuses a submission without devices', async () => {
    const world = aWorld();
    await expect(
      world.requests.submit({ slackUserId: ALICE, iamUserName: 'alice', serials: [], reason }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect(world.store.requests()).toEqual([]);
  });

  it('takes the devices the form showed when submitted within 15 minutes: one ListMFADevices per request', async () => {
    const world = aWorld();
    await world.pendingRequest();
    expect(world.iam.calls.filter((c) => c.action === 'ListMFADevices')).toHaveLength(1);
  });

  it('reads the devices again for a form older than 15 minutes: one removed meanwhile is refused and audited', async () => {
    const world = aWorld();
    const prepared = await world.requests.prepare(ALICE);
    if ('choices' in prepared) throw new Error('several accounts');
    world.iam.removeDevice('alice', ALICE_VIRTUAL);
    world.clock.advanceMinutes(16);
    await expect(
      world.requests.submit({
        slackUserId: ALICE,
        iamUserName: prepared.iamUserName,
        serials: prepared.devices.map((d) => d.serial),
        reason,
      }),
    ).rejects.toMatchObject({ code: 'DEVICE_NOT_ON_USER' });
    expect(world.store.requests()).toEqual([]);
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'REQUEST_REFUSED',
      errorCode: 'DEVICE_NOT_ON_USER',
      target: { iamUserName: 'alice' },
    });
  });

  it('reads the devices again when the form was shown by an earlier submission', async () => {
    const world = aWorld();
    const first = await world.pendingRequest({ serials: [ALICE_HARDWARE] });
    await world.approvals.deny({ requestId: first.id, approverSlackId: ERIN, reason: 'one at a time' });
    world.iam.removeDevice('alice', ALICE_VIRTUAL);
    await expect(
      world.requests.submit({ slackUserId: ALICE, iamUserName: 'alice', serials: [ALICE_VIRTUAL], reason }),
    ).rejects.toMatchObject({ code: 'DEVICE_NOT_ON_USER' });
  });

  it('accepts a serial longer than Slack allows in a form by its deviceRef digest', async () => {
    const world = aWorld();
    const longSerial = `arn:aws:iam::123456789012:mfa/${'team/'.repeat(30)}alice`;
    world.iam.addUser({ userName: 'alice', devices: [longSerial] });
    const request = await world.pendingRequest({ serials: [deviceRef(longSerial)] });
    expect(deviceRef(longSerial)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(request.devices).toEqual([{ serial: longSerial, kind: 'virtual' }]);
  });

  it('refuses a serial that is not on the requester’s IAM user', async () => {
    const world = aWorld();
    await expect(
      world.requests.submit({
        slackUserId: ALICE,
        iamUserName: 'alice',
        serials: [ALICE_VIRTUAL, 'arn:aws:iam::123456789012:mfa/admin-oscar'],
        reason,
      }),
    ).rejects.toMatchObject({ code: 'DEVICE_NOT_ON_USER' });
    expect(world.store.requests()).toEqual([]);
    expect(world.store.eventTypes()).toEqual(['REQUEST_REFUSED']);
  });

  it('accepts the same serial twice as one device', async () => {
    const world = aWorld();
    const request = await world.pendingRequest({ serials: [ALICE_VIRTUAL, ALICE_VIRTUAL] });
    expect(request.devices.map((d) => d.serial)).toEqual([ALICE_VIRTUAL]);
  });

  it('refuses when the member now maps to another IAM user than the form showed', async () => {
    const world = aWorld();
    await expect(
      world.requests.submit({
        slackUserId: ALICE,
        iamUserName: 'alice-old',
        serials: [ALICE_VIRTUAL],
        reason,
      }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect(world.store.requests()).toEqual([]);
    expect(world.store.events()).toEqual([
      expect.objectContaining({
        type: 'REQUEST_REFUSED',
        errorCode: 'INPUT_INVALID',
        target: { slackUserId: ALICE, iamUserName: 'alice' },
      }),
    ]);
  });

  it('fails the request when the approval message cannot be posted, since nobody could act on it', async () => {
    const world = aWorld();
    world.notifier.failing.add('approval-request');
    await expect(world.pendingRequest()).rejects.toMatchObject({ code: 'SLACK_API_ERROR' });
    const [request] = world.store.requests();
    expect(request).toMatchObject({ state: 'FAILED', failureCode: 'SLACK_API_ERROR', version: 2 });
    expect(world.store.eventTypes(request?.id)).toEqual([
      'REQUEST_CREATED',
      'NOTIFICATION_FAILED',
      'REQUEST_FAILED',
    ]);
    expect(world.store.events().at(-1)).toMatchObject({
      actor: { kind: 'bot' },
      errorCode: 'SLACK_API_ERROR',
    });
  });

  it('keeps the request when the requester’s DM fails, and audits the failed notification', async () => {
    const world = aWorld();
    world.notifier.failing.add('requester-dm');
    const request = await world.pendingRequest();
    expect(world.store.current(request.id)).toMatchObject({
      state: 'PENDING',
      approvalMessage: expect.anything(),
    });
    expect(world.store.eventTypes(request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'NOTIFICATION_FAILED',
    ]);
    expect(world.store.events().at(-1)).toMatchObject({
      errorCode: 'SLACK_API_ERROR',
      details: { what: 'requester DM' },
    });
    expect(world.logger.at('error')).toHaveLength(1);
  });
});
