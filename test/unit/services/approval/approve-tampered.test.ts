import { describe, expect, it } from 'vitest';
import { ALICE, ALICE_VIRTUAL, BOB, MALLORY } from '../../fakes/people.js';
import { aDevice } from '../../fakes/request-builder.js';
import { aWorld } from '../../fakes/world.js';

const BOBS_PHONE = 'arn:aws:iam::123456789012:mfa/bob-phone';

describe('approve: a stored request cannot be retargeted', () => {
  it('closes a request whose target was rewritten in the table, changes nothing, and alerts', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.store.tamper(request.id, (stored) => ({
      ...stored,
      target: { slackUserId: BOB, iamUserName: 'bob' },
      devices: [aDevice(BOBS_PHONE)],
    }));

    await expect(world.approve(request)).rejects.toMatchObject({ code: 'REQUEST_TAMPERED' });

    expect(world.sts.calls).toEqual([]);
    expect(world.iam.changes()).toEqual([]);
    expect(world.iam.devicesOf('bob')).toEqual([BOBS_PHONE]);
    // Closed as it was made, so alice's IAM user is freed and bob's untouched.
    expect(world.store.current(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'REQUEST_TAMPERED',
      target: { slackUserId: ALICE, iamUserName: 'alice' },
    });
    expect(world.store.locks().size).toBe(0);
    const [tampered, failed] = world.store.eventsOf(request.id).slice(-2);
    expect(tampered).toMatchObject({
      type: 'REQUEST_TAMPERED',
      errorCode: 'REQUEST_TAMPERED',
      target: { iamUserName: 'alice' },
      details: {
        facts: 'targetSlackUserId,iamUserName,serials,kinds',
        'found.iamUserName': 'bob',
        'found.serials': BOBS_PHONE,
      },
    });
    expect(failed).toMatchObject({ type: 'REQUEST_FAILED', errorCode: 'REQUEST_TAMPERED' });
    expect(world.notifier.alarms).toEqual([
      expect.objectContaining({
        kind: 'request-tampered',
        facts: ['targetSlackUserId', 'iamUserName', 'serials', 'kinds'],
        anchor: { seq: failed!.seq, hash: failed!.hash },
      }),
    ]);
    expect(world.notifier.dms.at(-1)).toMatchObject({ state: 'FAILED', failureCode: 'REQUEST_TAMPERED' });
  });

  it.each([
    ['requester', { requesterSlackId: MALLORY }, 'requesterSlackId'],
    ['reason', { reason: 'Totally legitimate' }, 'reason'],
    ['expiry', { expiresAt: '2099-01-01T00:00:00.000Z' }, 'expiresAt'],
    [
      'device kinds',
      { devices: [aDevice(ALICE_VIRTUAL), { serial: 'GAHT12345678', kind: 'virtual' as const }] },
      'kinds',
    ],
  ])('catches an edited %s', async (_what, change, fact) => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.store.tamper(request.id, (stored) => ({ ...stored, ...change }));
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'REQUEST_TAMPERED' });
    expect(world.store.eventsOf(request.id).at(-2)?.details?.facts).toBe(fact);
    expect(world.iam.changes()).toEqual([]);
  });

  it('closes a request whose creation record no longer holds in the chain', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.store.breakCreationRecord(request.id, 'event 1 no longer matches its hash');
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'REQUEST_TAMPERED' });
    expect(world.store.eventsOf(request.id).at(-2)?.details).toMatchObject({
      facts: 'record',
      problem: 'event 1 no longer matches its hash',
    });
    expect(world.iam.changes()).toEqual([]);
  });

  it('closes a request whose member now maps to another IAM user', async () => {
    const world = aWorld();
    // Recorded consistently, but BOB maps to `bob`, not `alice`.
    const request = world.seedRequest({
      requesterSlackId: BOB,
      target: { slackUserId: BOB, iamUserName: 'alice' },
    });
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'REQUEST_TAMPERED' });
    expect(world.store.eventsOf(request.id).at(-2)?.details).toMatchObject({
      facts: 'mapping',
      'found.mapping': 'bob',
    });
    expect(world.iam.changes()).toEqual([]);
  });

  it('closes a request whose member is no longer mapped, without calling it tampering', async () => {
    const world = aWorld();
    const request = world.seedRequest({
      requesterSlackId: 'U0GONE',
      target: { slackUserId: 'U0GONE', iamUserName: 'alice' },
    });
    await expect(world.approve(request)).rejects.toMatchObject({ code: 'MEMBER_NOT_MAPPED' });
    expect(world.store.current(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'MEMBER_NOT_MAPPED',
    });
    expect(world.store.eventTypes(request.id)).not.toContain('REQUEST_TAMPERED');
    expect(world.notifier.alarms).toEqual([]);
    expect(world.sts.calls).toEqual([]);
  });

  it('leaves a request that was not touched to be approved, checking it once at the final approval', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    const getUsers = world.iam.calls.filter((c) => c.action === 'GetUser').length;
    await expect(world.approve(request)).resolves.toMatchObject({ request: { state: 'COMPLETED' } });
    expect(world.iam.calls.filter((c) => c.action === 'GetUser')).toHaveLength(getUsers + 1);
  });
});
