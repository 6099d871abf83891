import { afterEach, describe, expect, it } from 'vitest';
import {
  clickDecision,
  ephemeralTextTo,
  eventTypes,
  eventually,
  openModalOf,
  pendingResetOfAlice,
  people,
  startWorld,
  submitCode,
  type World,
} from './world.js';

describe('code attempts, counted before STS sees a code', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('sends at most maxTokenAttempts of ten wrong codes submitted at once to STS, fails the request, and a right code afterwards changes nothing', async () => {
    // The device lockout is set out of the way, so only the request's own count limits the codes.
    world = await startWorld({ maxTokenAttempts: 3, lockout: { maxFailures: 20, windowMinutes: 15 } });
    const { phone, request, messageTs } = await pendingResetOfAlice(world);
    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'approve' });
    await clickDecision(world, { userId: people.frank.slackId, messageTs, action: 'approve' });
    const erinModal = await world.slack.waitFor(() => openModalOf(world, people.erin.slackId));
    const frankModal = await world.slack.waitFor(() => openModalOf(world, people.frank.slackId));

    // STS is slow, so that all ten submissions are in flight together.
    world.aws.faults.setLatency('GetSessionToken', 300);
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        submitCode(world, { userId: people.erin.slackId, viewId: erinModal.id, code: world.wrongCode(n) }),
      ),
    );
    // Answers past Slack's 3 s come as "working on it"; wait until every code is accounted for.
    const trail = await eventually(
      async () => {
        const events = await world.auditOf(request.id);
        const answered = events.filter((e) => e.type === 'TOKEN_REJECTED' || e.type === 'APPROVAL_REFUSED');
        return answered.length >= 10 && events;
      },
      { what: 'all ten codes to be recorded' },
    );
    world.aws.faults.setLatency('GetSessionToken', 0);

    expect(world.aws.state.callsTo('GetSessionToken').length).toBeLessThanOrEqual(3);
    expect(await world.requestById(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    expect(await world.attemptsOf(request.id)).toEqual({ reserved: 3, wrong: 3 });
    expect(trail.filter((e) => e.type === 'TOKEN_REJECTED')).toHaveLength(3);
    expect(trail.filter((e) => e.type === 'REQUEST_FAILED')).toHaveLength(1);
    const refused = trail.filter((e) => e.type === 'APPROVAL_REFUSED');
    expect(refused).toHaveLength(7);
    expect(new Set(refused.map((e) => e.errorCode))).toEqual(new Set(['TOKEN_ATTEMPTS_EXHAUSTED']));

    // Frank's modal was open all along; his right code comes too late.
    const stsBefore = world.aws.state.callsTo('GetSessionToken').length;
    const late = await submitCode(world, {
      userId: people.frank.slackId,
      viewId: frankModal.id,
      code: world.codeOf(people.frank.slackId),
    });
    expect(JSON.stringify(late.body)).toMatch(/already been handled/);
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(stsBefore);
    expect(world.aws.state.callsTo('DeactivateMFADevice')).toHaveLength(0);
    expect(world.aws.state.devicesOf(people.alice.iamUser).map((d) => d.serial)).toEqual([phone.serial]);
  });

  it('gives the attempt back when AWS accepts the code, so it counts only wrong codes', async () => {
    world = await startWorld({ minApprovals: 2 });
    const { request, messageTs } = await pendingResetOfAlice(world);
    await clickDecision(world, { userId: people.frank.slackId, messageTs, action: 'approve' });
    const modal = await world.slack.waitFor(() => openModalOf(world, people.frank.slackId));
    await submitCode(world, { userId: people.frank.slackId, viewId: modal.id, code: world.wrongCode() });
    await submitCode(world, {
      userId: people.frank.slackId,
      viewId: modal.id,
      code: world.codeOf(people.frank.slackId),
    });

    expect(await world.attemptsOf(request.id)).toEqual({ reserved: 1, wrong: 1 });
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'TOKEN_SUBMITTED',
      'TOKEN_REJECTED',
      'TOKEN_SUBMITTED',
      'APPROVAL_RECORDED',
    ]);
    expect(ephemeralTextTo(world, people.frank.slackId)).toBe('');
  });
});
