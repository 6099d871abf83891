import { describe, expect, it } from 'vitest';
import {
  ALICE,
  ALICE_FIDO,
  ALICE_HARDWARE,
  ALICE_VIRTUAL,
  BOB,
  BOT_SERIAL,
  ERIN,
  ERIN_SERIAL,
  SAM,
} from '../../fakes/people.js';
import { aWorld } from '../../fakes/world.js';

describe('approve with stepUp: always', () => {
  it('verifies the approver’s code with exactly one GetSessionToken on their own device, for 900 s', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    const code = world.codeFor(ERIN);
    await world.approve(request, { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(world.sts.calls).toEqual([{ serial: ERIN_SERIAL, code, durationSeconds: 900 }]);
  });

  it('uses botMfaSerial for an approver without a device of their own', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await world.approve(request, { by: SAM });
    expect(world.sts.calls.map((c) => c.serial)).toEqual([BOT_SERIAL]);
  });

  it('refuses an approver with neither an own device nor a shared one, without calling STS', async () => {
    const world = aWorld({ rules: { botMfaSerial: undefined } });
    const request = await world.pendingRequest();
    await expect(
      world.approvals.approve({ requestId: request.id, approverSlackId: SAM, tokenCode: '123456' }),
    ).rejects.toMatchObject({ code: 'NO_APPROVER_MFA_DEVICE' });
    expect(world.sts.calls).toEqual([]);
    expect(world.store.current(request.id)?.state).toBe('PENDING');
  });

  it('deactivates every device with the session credentials, naming the user', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    const [session] = world.sts.issuedCredentials;
    expect(world.iam.changes().filter((c) => c.action === 'DeactivateMFADevice')).toEqual([
      { action: 'DeactivateMFADevice', userName: 'alice', serial: ALICE_VIRTUAL, credentials: session },
      { action: 'DeactivateMFADevice', userName: 'alice', serial: ALICE_HARDWARE, credentials: session },
    ]);
    expect(world.iam.devicesOf('alice')).toEqual([]);
  });

  it('releases the session credentials once the devices are reset', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    expect(world.iam.released).toEqual(world.sts.issuedCredentials);
  });

  it('changes the devices of the request’s target user and nobody else’s', async () => {
    const world = aWorld();
    world.iam.addUser({ userName: 'bob', devices: ['GAHT00000042'] });
    const request = await world.pendingRequest({ requester: BOB });
    await world.approve(request);
    expect(world.iam.changes()).toEqual([
      expect.objectContaining({ userName: 'bob', serial: 'GAHT00000042' }),
    ]);
    expect(world.iam.devicesOf('bob')).toEqual([]);
    expect(world.iam.devicesOf('alice')).toEqual([ALICE_VIRTUAL, ALICE_HARDWARE]);
  });

  it('deletes virtual devices and only deactivates hardware tokens and FIDO keys', async () => {
    const world = aWorld();
    world.iam.addUser({ userName: 'alice', devices: [ALICE_VIRTUAL, ALICE_HARDWARE, ALICE_FIDO] });
    const request = await world.pendingRequest();
    await world.approve(request);
    const [session] = world.sts.issuedCredentials;
    expect(world.iam.changes().filter((c) => c.action === 'DeleteVirtualMFADevice')).toEqual([
      { action: 'DeleteVirtualMFADevice', serial: ALICE_VIRTUAL, credentials: session },
    ]);
    expect(world.iam.virtualDeviceExists(ALICE_VIRTUAL)).toBe(false);
    expect(world.store.current(request.id)?.outcomes).toEqual([
      { serial: ALICE_VIRTUAL, kind: 'virtual', deactivated: true, deleted: true },
      { serial: ALICE_HARDWARE, kind: 'hardware', deactivated: true, deleted: false },
      { serial: ALICE_FIDO, kind: 'fido', deactivated: true, deleted: false },
    ]);
  });

  it('keeps virtual devices when deleteVirtualDevices is off', async () => {
    const world = aWorld({ rules: { deleteVirtualDevices: false } });
    const request = await world.pendingRequest();
    await world.approve(request);
    expect(world.iam.changes().map((c) => c.action)).toEqual(['DeactivateMFADevice', 'DeactivateMFADevice']);
    expect(world.iam.virtualDeviceExists(ALICE_VIRTUAL)).toBe(true);
  });

  it('completes the request in two version steps and records the verified approval', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    const result = await world.approve(request);
    expect(result).toEqual({ kind: 'finished', request: world.store.current(request.id) });
    expect(result.request).toMatchObject({
      state: 'COMPLETED',
      version: request.version + 2,
      approvals: [{ slackUserId: ERIN, at: '2025-03-03T09:00:00.000Z', mfaSerial: ERIN_SERIAL }],
      decision: { by: ERIN },
    });
    expect(result.request.failureCode).toBeUndefined();
  });

  it('writes REQUEST_APPROVED, EXECUTION_STARTED, the device events and REQUEST_COMPLETED, in order', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    expect(world.store.eventTypes(request.id)).toEqual([
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
    const events = world.store.eventsOf(request.id);
    // The code on record before STS saw it, and the approval naming the same submission.
    expect(events[2]).toMatchObject({ mfaSerial: ERIN_SERIAL, details: { submission: expect.any(String) } });
    expect(events[3]).toMatchObject({
      actor: { kind: 'member', slackUserId: ERIN },
      mfaSerial: ERIN_SERIAL,
      details: { mfaVerified: true, submission: events[2]?.details?.submission },
    });
    expect(events.slice(5, 8).map((e) => e.devices)).toEqual([
      [ALICE_VIRTUAL],
      [ALICE_VIRTUAL],
      [ALICE_HARDWARE],
    ]);
    expect(events[8]).toMatchObject({
      outcome: 'success',
      target: { slackUserId: ALICE, iamUserName: 'alice' },
    });
  });

  it('updates the approval message and tells the requester the outcome', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    expect(world.notifier.updated.map((r) => r.state)).toEqual(['COMPLETED']);
    expect(world.notifier.dms.map((r) => r.state)).toEqual(['PENDING', 'COMPLETED']);
  });

  it('keeps the completed reset when the outcome DM fails, and audits the failed notification', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.notifier.failing.add('requester-dm');
    await expect(world.approve(request)).resolves.toMatchObject({ request: { state: 'COMPLETED' } });
    expect(world.store.eventTypes(request.id).at(-1)).toBe('NOTIFICATION_FAILED');
  });

  it('keeps the code and the session’s secrets out of every event, log and message', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    const code = world.codeFor(ERIN);
    await world.approve(request, { code });
    const [session] = world.sts.issuedCredentials;
    const recorded = world.everythingRecorded();
    expect(recorded).toContain('REQUEST_COMPLETED');
    for (const secret of [code, session?.secretAccessKey, session?.sessionToken]) {
      expect(secret).toBeDefined();
      expect(recorded).not.toContain(secret);
    }
    // The session's access key ID is an identifier, not a secret: recorded once, in EXECUTION_STARTED,
    // for the CloudTrail check to match the caller AWS names.
    const keyId = session!.accessKeyId;
    expect(recorded.split(keyId)).toHaveLength(2);
    const started = world.store.events().find((event) => event.type === 'EXECUTION_STARTED');
    expect(started?.details).toEqual({ sessionKeyId: keyId });
  });
});
