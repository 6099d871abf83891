import { afterEach, describe, expect, it } from 'vitest';
import { BlockId } from '../../../src/slack/ids.js';
import {
  approveWithCode,
  eventTypes,
  pendingResetOfAlice,
  people,
  startWorld,
  submitCode,
  type World,
} from './world.js';

describe('the approver’s MFA code', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('accepts "123 456" with a space', async () => {
    world = await startWorld();
    const { request, messageTs } = await pendingResetOfAlice(world);
    const code = world.codeOf(people.erin.slackId);
    await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: `${code.slice(0, 3)} ${code.slice(3)}`,
    });
    expect((await world.requestById(request.id))?.state).toBe('COMPLETED');
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
  });

  it('shows an inline error for anything that is not 6 digits, without calling STS', async () => {
    world = await startWorld();
    const { request, messageTs } = await pendingResetOfAlice(world);
    const { answer, modal } = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: '12 34 5a',
    });

    expect(answer.body).toMatchObject({
      response_action: 'errors',
      errors: { [BlockId.tokenCode]: expect.any(String) },
    });
    expect(modal.isOpen).toBe(true);
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
    expect(await world.attemptsOf(request.id)).toEqual({ reserved: 0, wrong: 0 });
  });

  it('rejects a wrong code inline, keeps the request open and audits the attempt; the right code then resets', async () => {
    world = await startWorld();
    const { request, messageTs } = await pendingResetOfAlice(world);
    const first = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.wrongCode(),
    });

    expect(first.answer.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(first.answer.body)).toContain('2 attempts left');
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);
    expect(world.aws.state.callsTo('DeactivateMFADevice')).toHaveLength(0);
    expect((await world.requestById(request.id))?.state).toBe('PENDING');
    expect(await world.attemptsOf(request.id)).toEqual({ reserved: 1, wrong: 1 });

    // Same modal, next try with the right code.
    const second = await submitCode(world, {
      userId: people.erin.slackId,
      viewId: first.modal.id,
      code: world.codeOf(people.erin.slackId),
    });
    expect(second.outcome.accepted).toBe(true);
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(2);
    expect((await world.requestById(request.id))?.state).toBe('COMPLETED');
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'TOKEN_SUBMITTED',
      'TOKEN_REJECTED',
      'TOKEN_SUBMITTED',
      'REQUEST_APPROVED',
      'EXECUTION_STARTED',
      'DEVICE_DEACTIVATED',
      'DEVICE_DELETED',
      'REQUEST_COMPLETED',
    ]);
  });

  it('fails the request after maxTokenAttempts wrong codes and changes nothing in IAM', async () => {
    world = await startWorld({ maxTokenAttempts: 2 });
    const { request, messageTs } = await pendingResetOfAlice(world);
    const first = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.wrongCode(),
    });
    expect(first.answer.body).toMatchObject({ response_action: 'errors' });
    const second = await submitCode(world, {
      userId: people.erin.slackId,
      viewId: first.modal.id,
      code: world.wrongCode(1),
    });

    expect(second.body).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(world.slack.viewById(first.modal.id)?.view)).toMatch(/Too many wrong MFA codes/);
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);
    expect(world.aws.state.callsTo('DeactivateMFADevice')).toHaveLength(0);
    expect(await world.requestById(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    expect(await world.attemptsOf(request.id)).toEqual({ reserved: 2, wrong: 2 });
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'TOKEN_SUBMITTED',
      'TOKEN_REJECTED',
      'TOKEN_SUBMITTED',
      'TOKEN_REJECTED',
      'REQUEST_FAILED',
    ]);
    expect(JSON.stringify(world.slack.dmsTo(people.alice.slackId).at(-1))).toMatch(/\/mfa-reset/);
  });
});

describe('a slow approval', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('answers Slack within 3 s with “working on it”, then shows the outcome in the same modal', async () => {
    world = await startWorld();
    const { request, messageTs } = await pendingResetOfAlice(world);
    // STS slower than Slack waits for a view_submission answer.
    world.aws.faults.setLatency('GetSessionToken', 3_200);

    const { answer, modal } = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });
    expect(answer.body).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(answer.body)).toContain('Working on it');

    // After the answer: the modal's own fill-in (loading view → form) is an earlier update.
    const update = await world.slack.waitForCall('views.update', {
      since: answer.callMark,
      where: (call) => call.args.view_id === modal.id,
      timeoutMs: 6_000,
    });
    expect(update.response.ok).toBe(true);
    expect(JSON.stringify(world.slack.viewById(modal.id)?.view)).toMatch(/were reset/);
    expect((await world.requestById(request.id))?.state).toBe('COMPLETED');
  });
});
