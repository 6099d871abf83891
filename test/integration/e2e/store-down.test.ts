import { afterEach, describe, expect, it } from 'vitest';
import { typed } from '../../../sandbox/slack-driver/index.js';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import {
  APPROVALS_CHANNEL,
  approveWithCode,
  clickDecision,
  eventTypes,
  eventually,
  openModalOf,
  openRequestForm,
  pendingResetOfAlice,
  people,
  shown,
  startWorld,
  submitCode,
  type World,
} from './world.js';

describe('when the audit store is down (fail closed)', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('changes nothing in IAM and tells the approver when the EXECUTING record cannot be written', async () => {
    world = await startWorld();
    const { phone, request, messageTs } = await pendingResetOfAlice(world);
    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'approve' });
    const modal = await world.slack.waitFor(() => openModalOf(world, people.erin.slackId));

    // Reads still work; every write of the trail fails from now on.
    world.dynamo.failRequests({ operations: ['TransactWriteItems'] });
    const answer = await submitCode(world, {
      userId: people.erin.slackId,
      viewId: modal.id,
      code: world.codeOf(people.erin.slackId),
    });

    expect(answer.outcome.accepted).toBe(true);
    expect(shown(world.slack.viewById(modal.id)?.view)).toMatch(
      /audit trail could not be written, so nothing was changed/,
    );
    expect(world.dynamo.seen.some((s) => s.operation === 'TransactWriteItems' && s.failed)).toBe(true);
    expect(world.aws.state.callsTo('DeactivateMFADevice')).toHaveLength(0);
    expect(world.aws.state.callsTo('DeleteVirtualMFADevice')).toHaveLength(0);
    expect(world.aws.state.devicesOf(people.alice.iamUser).map((d) => d.serial)).toEqual([phone.serial]);
    expect(await world.requestById(request.id)).toMatchObject({ state: 'PENDING', version: request.version });
    expect(await eventTypes(world, request.id)).toEqual(['REQUEST_CREATED', 'APPROVERS_NOTIFIED']);

    // Once the store is back, the same request can still be approved.
    world.dynamo.failRequests(false);
    const retry = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId, 1),
    });
    expect(retry.answer.outcome.accepted).toBe(true);
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
    expect((await world.requestById(request.id))?.state).toBe('COMPLETED');
  });

  it('says a reset was done but not recorded when only the outcome cannot be written; the reconciler records it and tells the requester once', async () => {
    world = await startWorld();
    const { request, messageTs } = await pendingResetOfAlice(world);
    const dmsBefore = world.slack.dmsTo(people.alice.slackId).length;
    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'approve' });
    const modal = await world.slack.waitFor(() => openModalOf(world, people.erin.slackId));

    // The code's record and the EXECUTING record go through; the outcome's write (and its retries) do not.
    world.dynamo.failRequests({ operations: ['TransactWriteItems'], skip: 2 });
    await submitCode(world, {
      userId: people.erin.slackId,
      viewId: modal.id,
      code: world.codeOf(people.erin.slackId),
    });

    expect(shown(world.slack.viewById(modal.id)?.view)).toMatch(
      /carried out, but its outcome could not be written/,
    );
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
    expect((await world.requestById(request.id))?.state).toBe('EXECUTING');
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'TOKEN_SUBMITTED',
      'REQUEST_APPROVED',
      'EXECUTION_STARTED',
    ]);
    expect(world.slack.dmsTo(people.alice.slackId)).toHaveLength(dmsBefore);

    // The store is back; five minutes on, the sweep reads IAM, records the outcome and tells alice.
    world.dynamo.failRequests(false);
    world.advanceClock(6 * 60_000);
    await world.bot.checks.sweep();
    expect((await world.requestById(request.id))?.state).toBe('COMPLETED');
    expect((await eventTypes(world, request.id)).slice(5)).toEqual([
      'DEVICE_DEACTIVATED',
      'DEVICE_DELETED',
      'REQUEST_RECONCILED',
    ]);
    const outcomeDms = world.slack.dmsTo(people.alice.slackId).slice(dmsBefore);
    expect(outcomeDms).toHaveLength(1);
    expect(shown(outcomeDms[0])).toMatch(/enrol/i);
  });

  it('records the outcome all the same when the store fails its first tries, and says the reset is done', async () => {
    world = await startWorld({ outcomeRetryMs: 15_000 });
    const { request, messageTs } = await pendingResetOfAlice(world);
    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'approve' });
    const modal = await world.slack.waitFor(() => openModalOf(world, people.erin.slackId));

    // The code's record and the EXECUTING record go through; the outcome's first tries (the SDK's
    // retries included) fail.
    world.dynamo.failRequests({ operations: ['TransactWriteItems'], skip: 2, times: 6 });
    await submitCode(world, {
      userId: people.erin.slackId,
      viewId: modal.id,
      code: world.codeOf(people.erin.slackId),
    });

    const done = await eventually(
      async () => {
        const stored = await world.requestById(request.id);
        return stored?.state === 'COMPLETED' ? stored : undefined;
      },
      { what: 'the outcome to be recorded' },
    );
    expect(done.outcomes?.[0]).toMatchObject({ deactivated: true });
    expect(await eventTypes(world, request.id)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'TOKEN_SUBMITTED',
      'REQUEST_APPROVED',
      'EXECUTION_STARTED',
      'DEVICE_DEACTIVATED',
      'DEVICE_DELETED',
      'REQUEST_COMPLETED',
    ]);
    expect(world.dynamo.seen.filter((s) => s.failed).length).toBe(6);
  });

  it('makes no request and posts nothing to the approvers when the request cannot be recorded', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const form = await openRequestForm(world, people.alice.slackId);

    world.dynamo.failRequests(true);
    const answer = await world.driver.viewSubmission({
      viewId: form.viewId,
      inputs: { [BlockId.reason]: { [ActionId.reason]: typed('Lost my phone on the train') } },
    });

    expect(answer.outcome.accepted).toBe(true);
    expect(shown(world.slack.viewById(form.viewId)?.view)).toMatch(/audit trail could not be written/);
    expect(world.slack.messagesIn(APPROVALS_CHANNEL).filter((m) => m.ephemeralTo === undefined)).toEqual([]);
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toHaveLength(1);
    world.dynamo.failRequests(false);
    expect(await world.store.listRequestsByState('PENDING')).toEqual([]);
  });
});
