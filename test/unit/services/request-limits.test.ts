import { describe, expect, it } from 'vitest';
import { ALICE, BOB, ERIN } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

const reason = 'Lost my phone on the train';

describe('one open request per IAM user, and a daily cap', () => {
  it('refuses a second request while one is pending, when its form is submitted, and audits it', async () => {
    const world = aWorld();
    const first = await world.pendingRequest();
    const prepared = await world.requests.prepare(ALICE);
    if ('choices' in prepared) throw new Error('several accounts');

    await expect(
      world.requests.submit({
        slackUserId: ALICE,
        iamUserName: 'alice',
        serials: prepared.devices.map((d) => d.serial),
        reason,
      }),
    ).rejects.toMatchObject({ code: 'REQUEST_ALREADY_OPEN', details: { iamUserName: 'alice' } });
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'REQUEST_REFUSED',
      errorCode: 'REQUEST_ALREADY_OPEN',
      target: { iamUserName: 'alice' },
    });
    expect(world.store.requests().map((r) => r.id)).toEqual([first.id]);
    expect(world.notifier.posted).toHaveLength(1);
  });

  it('makes one request from two forms for the same IAM user submitted at once', async () => {
    const world = aWorld();
    const prepared = await world.requests.prepare(ALICE);
    if ('choices' in prepared) throw new Error('several accounts');
    const submit = () =>
      world.requests.submit({
        slackUserId: ALICE,
        iamUserName: 'alice',
        serials: prepared.devices.map((d) => d.serial),
        reason,
      });
    const results = await Promise.allSettled([submit(), submit()]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'REQUEST_ALREADY_OPEN' },
    });
    expect(world.store.requests()).toHaveLength(1);
    expect(world.notifier.posted).toHaveLength(1);
    expect(world.store.eventTypes().filter((t) => t === 'REQUEST_REFUSED')).toHaveLength(1);
  });

  it('frees the IAM user when the request ends, in the same write', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    expect(world.store.locks().get('alice')).toBe(request.id);
    await world.approvals.deny({ requestId: request.id, approverSlackId: ERIN, reason: 'call me first' });
    expect(world.store.locks().has('alice')).toBe(false);
    await expect(world.pendingRequest()).resolves.toMatchObject({ state: 'PENDING' });
  });

  it('frees the IAM user when the request completes, and when it expires', async () => {
    const completed = aWorld();
    await completed.approve(await completed.pendingRequest());
    expect(completed.store.locks().size).toBe(0);

    const expired = aWorld();
    const request = await expired.pendingRequest();
    expired.clock.advanceMinutes(61);
    await expired.approvals.expireDue();
    expect(expired.store.current(request.id)?.state).toBe('EXPIRED');
    expect(expired.store.locks().size).toBe(0);
  });

  it('keeps other IAM users free to ask while one has an open request', async () => {
    const world = aWorld();
    await world.pendingRequest();
    await expect(world.pendingRequest({ requester: BOB })).resolves.toMatchObject({ state: 'PENDING' });
  });

  it('refuses a request once maxResetsPerTargetPerDay resets were carried out in 24 hours, then allows it again', async () => {
    const world = aWorld({ rules: { maxResetsPerTargetPerDay: 1 } });
    await world.approve(await world.pendingRequest({ requester: BOB }));
    world.iam.addUser({ userName: 'bob', devices: ['arn:aws:iam::123456789012:mfa/bob-phone-2'] });

    world.clock.advanceMinutes(23 * 60);
    await expect(world.pendingRequest({ requester: BOB })).rejects.toMatchObject({
      code: 'DAILY_RESET_LIMIT',
      details: { iamUserName: 'bob', resets: 1, cap: 1 },
    });
    expect(world.store.requests()).toHaveLength(1);
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'REQUEST_REFUSED',
      errorCode: 'DAILY_RESET_LIMIT',
      target: { iamUserName: 'bob' },
    });
    // Other users are not affected.
    await expect(world.pendingRequest()).resolves.toMatchObject({ state: 'PENDING' });

    world.clock.advanceMinutes(61);
    await expect(world.pendingRequest({ requester: BOB })).resolves.toMatchObject({ state: 'PENDING' });
  });

  it('does not count requests that changed nothing towards the cap', async () => {
    const world = aWorld({ rules: { maxResetsPerTargetPerDay: 1 } });
    const denied = await world.pendingRequest();
    await world.approvals.deny({ requestId: denied.id, approverSlackId: ERIN, reason: 'call me first' });
    await expect(world.pendingRequest()).resolves.toMatchObject({ state: 'PENDING' });
  });
});
