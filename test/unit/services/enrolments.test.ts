import { describe, expect, it } from 'vitest';
import { transition } from '../../../src/domain/request.js';
import { createAuditEvents } from '../../../src/services/audit-events.js';
import { createEnrolmentFollowUp } from '../../../src/services/enrolments.js';
import type { EnrolmentTrail } from '../../../src/services/ports.js';
import { InMemoryAlarmClaims } from '../fakes/in-memory-chain.js';
import { ALICE, ALICE_HARDWARE, ALICE_VIRTUAL } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

const AUDITOR = 'U0AUDITOR';
const NEW_PHONE = 'arn:aws:iam::123456789012:mfa/alice-new-phone';

/** A world with alice's reset completed, and two replicas following it through. */
async function completedReset(options: { serials?: readonly string[]; accountTrail?: EnrolmentTrail } = {}) {
  const world = aWorld({ rules: { auditors: { users: [AUDITOR], userGroups: [] } } });
  const alarmClaims = new InMemoryAlarmClaims();
  const deps = {
    ...world.deps,
    alarmClaims,
    alarmLog: world.logger.child({ component: 'alarm' }),
    enrolments: world.store.enrolments,
    ...(options.accountTrail === undefined ? {} : { accountTrail: options.accountTrail }),
  };
  const replicas = [createEnrolmentFollowUp(deps), createEnrolmentFollowUp(deps)];
  const pending = await world.pendingRequest(
    options.serials === undefined ? {} : { serials: options.serials },
  );
  const result = await world.approve(pending);
  expect(result).toMatchObject({ kind: 'finished', request: { state: 'COMPLETED' } });
  const request = world.store.current(pending.id)!;
  const sweep = () => Promise.all(replicas.map((replica) => replica.followUp()));
  return { world, request, replicas, sweep };
}

const typesOf = (world: ReturnType<typeof aWorld>, id: string) =>
  world.store
    .eventTypes(id)
    .filter((type) => type.startsWith('DEVICE_ENROLLED') || type.startsWith('ENROLMENT'));

describe('the follow-through to the new device', () => {
  it('starts following the IAM user in the write that completes the reset', async () => {
    const { world, request } = await completedReset();
    expect(world.store.followedEnrolments()).toEqual([
      { requestId: request.id, iamUserName: 'alice', completedAt: request.updatedAt, stage: 'watching' },
    ]);
  });

  it('records a new device once, says so in the thread and to the member, with two replicas sweeping at once', async () => {
    const { world, request, sweep } = await completedReset();
    await sweep();
    expect(typesOf(world, request.id)).toEqual([]);

    world.clock.advanceMinutes(10);
    world.iam.enrolDevice('alice', NEW_PHONE, world.clock.now());
    await sweep();
    await sweep();

    expect(typesOf(world, request.id)).toEqual(['DEVICE_ENROLLED']);
    const enrolled = world.store.eventsOf(request.id).find((e) => e.type === 'DEVICE_ENROLLED')!;
    expect(enrolled).toMatchObject({
      devices: [NEW_PHONE],
      deviceKinds: ['virtual'],
      details: { enabledAt: world.clock.now().toISOString(), completedAt: request.updatedAt },
    });
    expect(world.notifier.enrolmentPosts.map((p) => p.news.kind)).toEqual(['enrolled']);
    expect(world.notifier.enrolmentDms).toEqual([
      expect.objectContaining({ to: ALICE, news: expect.objectContaining({ kind: 'enrolled' }) }),
    ]);
    expect(world.store.followedEnrolments()).toEqual([]);

    // Settled: nothing more, not even at the deadline.
    world.clock.advanceMinutes(48 * 60);
    await sweep();
    expect(typesOf(world, request.id)).toEqual(['DEVICE_ENROLLED']);
    expect(world.notifier.alarms).toEqual([]);
  });

  it('with none by half the time reminds the member once, then at the deadline alarms the channel and the auditors once', async () => {
    const { world, request, sweep } = await completedReset();
    world.clock.advanceMinutes(11 * 60);
    await sweep();
    expect(world.notifier.enrolmentDms).toEqual([]);

    world.clock.advanceMinutes(60);
    await sweep();
    await sweep();
    expect(typesOf(world, request.id)).toEqual(['ENROLMENT_REMINDED']);
    expect(world.notifier.enrolmentPosts.map((post) => post.news.kind)).toEqual(['reminder']);
    expect(world.notifier.enrolmentDms).toEqual([
      expect.objectContaining({
        to: ALICE,
        news: {
          kind: 'reminder',
          deadline: new Date(Date.parse(request.updatedAt) + 24 * 3_600_000).toISOString(),
        },
      }),
    ]);

    world.clock.advanceMinutes(11 * 60);
    await sweep();
    expect(world.notifier.alarms).toEqual([]);
    world.clock.advanceMinutes(60);
    await sweep();
    await sweep();

    expect(typesOf(world, request.id)).toEqual(['ENROLMENT_REMINDED', 'ENROLMENT_OVERDUE']);
    expect(world.store.eventsOf(request.id).at(-1)).toMatchObject({
      type: 'ENROLMENT_OVERDUE',
      outcome: 'failure',
      errorCode: 'MFA_NOT_ENROLLED',
    });
    expect(world.notifier.alarms).toEqual([
      expect.objectContaining({
        kind: 'enrolment-overdue',
        request: expect.objectContaining({ id: request.id }),
      }),
    ]);
    expect(world.notifier.alarmDms.map((dm) => dm.to)).toEqual([AUDITOR]);
    expect(world.notifier.enrolmentDms).toHaveLength(1);
    expect(world.store.followedEnrolments()).toEqual([]);
  });

  it('does not count a reset device attached again, nor a device kept from before the reset', async () => {
    // Only the phone is reset: the hardware token stays, enabled long before.
    const { world, request, sweep } = await completedReset({ serials: [ALICE_VIRTUAL] });
    expect(world.iam.devicesOf('alice')).toEqual([ALICE_HARDWARE]);
    world.clock.advanceMinutes(30);
    await sweep();
    expect(typesOf(world, request.id)).toEqual([]);

    // Someone attaches the reset hardware token again: the same device, not a new one.
    const { world: other, request: full, sweep: sweepOther } = await completedReset();
    other.clock.advanceMinutes(30);
    other.iam.enrolDevice('alice', ALICE_HARDWARE, other.clock.now());
    await sweepOther();
    expect(typesOf(other, full.id)).toEqual([]);
    expect(other.store.followedEnrolments()).toHaveLength(1);
  });

  it('counts a virtual device enrolled again under the name of one the reset deleted: it has a new secret', async () => {
    const { world, request, sweep } = await completedReset();
    world.clock.advanceMinutes(30);
    world.iam.enrolDevice('alice', ALICE_VIRTUAL, world.clock.now());
    await sweep();
    expect(typesOf(world, request.id)).toEqual(['DEVICE_ENROLLED']);
  });

  it('alarms at the deadline without a late reminder when no sweep ran at half the time', async () => {
    const { world, request, sweep } = await completedReset();
    world.clock.advanceMinutes(25 * 60);
    await sweep();
    expect(typesOf(world, request.id)).toEqual(['ENROLMENT_OVERDUE']);
    expect(world.notifier.enrolmentDms).toEqual([]);
    expect(world.notifier.alarms).toHaveLength(1);
  });

  it('lists the devices of a few users per sweep, not all of them, and each again only after a pause', async () => {
    const { world, replicas } = await completedReset();
    const events = createAuditEvents(world.deps);
    for (const name of ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7']) {
      world.iam.addUser({ userName: name });
      const target = { slackUserId: 'U0X', iamUserName: name };
      const executing = world.seedRequest({ id: `req-${name}`, state: 'EXECUTING', target });
      const completed = transition(executing, 'COMPLETED', world.clock.now());
      await world.store.updateRequest(executing, completed, [events.requestFinished(completed, 'bot')]);
    }
    const replica = replicas[0]!;
    const listed = () => world.iam.calls.filter((call) => call.action === 'ListMFADevices').length;
    const before = listed();
    await replica.followUp();
    expect(listed() - before).toBe(5);
    await replica.followUp();
    expect(listed() - before).toBe(8);
    await replica.followUp();
    expect(listed() - before).toBe(8);
    world.clock.advanceMinutes(5);
    await replica.followUp();
    expect(listed() - before).toBe(13);
  });

  it('records where the device was enabled from when the account trail has the call', async () => {
    const trail: EnrolmentTrail = {
      mfaEnablements: async ({ iamUserName }) => [
        {
          eventId: 'ct-1',
          at: new Date().toISOString(),
          iamUserName,
          serial: NEW_PHONE,
          sourceIp: '203.0.113.7',
        },
      ],
    };
    const { world, request, sweep } = await completedReset({ accountTrail: trail });
    world.clock.advanceMinutes(10);
    world.iam.enrolDevice('alice', NEW_PHONE, world.clock.now());
    await sweep();
    expect(world.store.eventsOf(request.id).at(-1)).toMatchObject({
      type: 'DEVICE_ENROLLED',
      details: { sourceIp: '203.0.113.7', cloudTrailEventId: 'ct-1' },
    });
    expect(world.notifier.enrolmentPosts[0]?.news).toMatchObject({ sourceIp: '203.0.113.7' });
  });

  it('follows nothing with requests.enrolWithinHours 0', async () => {
    const world = aWorld({ rules: { enrolWithinHours: 0 } });
    const followUp = createEnrolmentFollowUp({
      ...world.deps,
      alarmClaims: new InMemoryAlarmClaims(),
      alarmLog: world.logger,
      enrolments: world.store.enrolments,
    });
    await world.approve(await world.pendingRequest());
    world.clock.advanceMinutes(48 * 60);
    expect(await followUp.followUp()).toEqual({ checked: 0, enrolled: 0, reminded: 0, overdue: 0 });
    expect(world.notifier.alarms).toEqual([]);
  });

  it('looks at the IAM user of the completed request, not the one an item in the table names, and drops an item naming no completed request', async () => {
    const { world, request, sweep } = await completedReset();
    // Someone who can write the table points alice's follow-up at bob, and plants one for a pending request.
    world.store.plantEnrolment({ ...world.store.followedEnrolments()[0]!, iamUserName: 'bob' });
    const pending = world.seedRequest({
      id: 'req-pending',
      target: { slackUserId: 'U0BOB', iamUserName: 'bob' },
    });
    world.store.plantEnrolment({
      requestId: pending.id,
      iamUserName: 'bob',
      completedAt: world.clock.now().toISOString(),
      stage: 'watching',
    });
    await sweep();
    const listed = world.iam.calls
      .filter((call) => call.action === 'ListMFADevices')
      .map((call) => call.userName);
    expect(listed.filter((name) => name === 'bob')).toEqual([]);
    expect(listed).toContain('alice');
    expect(world.store.followedEnrolments().map((f) => f.requestId)).toEqual([request.id]);
  });
});
