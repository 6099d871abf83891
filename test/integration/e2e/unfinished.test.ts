import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, BlockId, CallbackId } from '../../../src/slack/ids.js';
import { runAgainst } from '../cli/cli-harness.js';
import {
  APPROVALS_CHANNEL,
  approveWithCode,
  eventTypes,
  eventually,
  openModalOf,
  pendingResetOfAlice,
  people,
  shown,
  startWorld,
  submitCode,
  type World,
} from './world.js';

const erin = people.erin.slackId;

/**
 * A reset left half done, as a crash between DeactivateMFADevice and DeleteVirtualMFADevice leaves
 * it: here the deletion is refused and the outcome cannot be written, so the request stays
 * EXECUTING with alice's phone detached but still in the account. The sweep (what a restarted
 * bot runs) finds it, an approver finishes it with their code, and the trail verifies.
 */
async function aResetLeftHalfDone(world: World) {
  const { phone, request, messageTs } = await pendingResetOfAlice(world);
  world.aws.faults.failNext('DeleteVirtualMFADevice', { status: 403, code: 'AccessDenied' });
  // The code's TOKEN_SUBMITTED and the move to EXECUTING are written; the outcome is not.
  world.dynamo.failRequests({ operations: ['TransactWriteItems'], skip: 2 });
  await approveWithCode(world, { approver: erin, messageTs, code: world.codeOf(erin) });
  world.dynamo.failRequests(false);
  expect((await world.requestById(request.id))?.state).toBe('EXECUTING');
  expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
  expect(world.aws.state.virtualDeviceExists(phone.serial)).toBe(true);
  return { phone, request, messageTs };
}

/** An approver clicks "Finish the reset" on the request's message; returns the code modal once filled in. */
async function clickFinish(world: World, input: { userId: string; messageTs: string }) {
  const before = openModalOf(world, input.userId)?.id;
  await world.driver.blockAction({
    userId: input.userId,
    actionId: ActionId.finishReset,
    message: { channel: APPROVALS_CHANNEL, ts: input.messageTs },
  });
  const modal = await world.slack.waitFor(() => {
    const open = openModalOf(world, input.userId);
    return open !== undefined && open.id !== before ? open : undefined;
  });
  expect(modal.view.callback_id).toBe(CallbackId.finishModal);
  return modal;
}

describe('a reset a crash left with a virtual device deactivated but not deleted', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('is alarmed once, offered to finish, and completed by an approver’s code, the device deleted and the trail intact', async () => {
    world = await startWorld();
    const { phone, request, messageTs } = await aResetLeftHalfDone(world);
    const approvalMessage = () => shown(world.slack.message(APPROVALS_CHANNEL, messageTs));

    // Five minutes on, the sweep reads IAM back: the request waits to be finished.
    world.advanceClock(6 * 60_000);
    await world.bot.checks.sweep();
    await world.bot.checks.sweep();
    expect(await world.requestById(request.id)).toMatchObject({
      state: 'UNFINISHED',
      failureCode: 'DEVICE_NOT_DELETED',
    });
    const alarms = world.slack
      .messagesIn(APPROVALS_CHANNEL)
      .filter((message) => /left virtual MFA devices/.test(String(message.text)));
    expect(alarms).toHaveLength(1);
    expect(shown(alarms[0])).toContain('Finish the reset');
    expect(approvalMessage()).toContain('Unfinished');
    expect(approvalMessage()).toContain(ActionId.finishReset);
    // The approver whose modal may still say "Working on it…" hears what became of the approval.
    const toErin = await eventually(async () =>
      world.slack.dmsTo(erin).find((dm) => /stopped while it was carrying out your approval/.test(shown(dm))),
    );
    expect(shown(toErin)).toContain('Unfinished');
    const dmsToAlice = world.slack.dmsTo(people.alice.slackId).length;

    const modal = await clickFinish(world, { userId: erin, messageTs });
    expect(shown(modal.view)).toContain(phone.serial);
    const answer = await submitCode(world, { userId: erin, viewId: modal.id, code: world.codeOf(erin, 1) });
    expect(answer.outcome.accepted).toBe(true);

    const done = await eventually(async () => {
      const stored = await world.requestById(request.id);
      return stored?.state === 'COMPLETED' ? stored : undefined;
    });
    expect(done.failureCode).toBeUndefined();
    expect(world.aws.state.virtualDeviceExists(phone.serial)).toBe(false);
    expect(world.aws.state.callsTo('DeleteVirtualMFADevice').map((call) => call.status)).toEqual([403, 200]);
    expect((await eventTypes(world, request.id)).slice(-5)).toEqual([
      'REQUEST_UNFINISHED',
      'TOKEN_SUBMITTED',
      'FINISH_STARTED',
      'DEVICE_DELETED',
      'REQUEST_COMPLETED',
    ]);
    expect(shown(world.slack.viewById(modal.id)?.view)).toMatch(/reset is complete/);
    await eventually(async () => (approvalMessage().includes('Completed') ? true : undefined));
    expect(approvalMessage()).not.toContain(ActionId.finishReset);
    await eventually(async () => world.slack.dmsTo(people.alice.slackId).length > dmsToAlice);
    expect(shown(world.slack.dmsTo(people.alice.slackId).at(-1))).toMatch(/were reset/);

    // The same submission replayed is not acted on again, and says so beside the code.
    const stsCalls = world.aws.state.callsTo('GetSessionToken').length;
    const replayed = await world.driver.replay(answer);
    expect(replayed.body).toMatchObject({
      response_action: 'errors',
      errors: { [BlockId.tokenCode]: expect.stringMatching(/already received/) },
    });
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(stsCalls);

    const verified = await runAgainst(world.directClient, ['audit', 'verify', '--table', world.table]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
  });
  it('is finished once when two approvers submit their codes at the same moment; the other is told it was handled', async () => {
    world = await startWorld();
    const { phone, request, messageTs } = await aResetLeftHalfDone(world);
    world.advanceClock(6 * 60_000);
    await world.bot.checks.sweep();
    expect((await world.requestById(request.id))?.state).toBe('UNFINISHED');
    const frank = people.frank.slackId;
    const erinModal = await clickFinish(world, { userId: erin, messageTs });
    const frankModal = await clickFinish(world, { userId: frank, messageTs });

    // Both codes are being checked by STS at once, so both finishes reach the write together.
    world.aws.faults.setLatency('GetSessionToken', 300);
    await Promise.all([
      submitCode(world, { userId: erin, viewId: erinModal.id, code: world.codeOf(erin, 1) }),
      submitCode(world, { userId: frank, viewId: frankModal.id, code: world.codeOf(frank) }),
    ]);

    await eventually(async () => (await world.requestById(request.id))?.state === 'COMPLETED');
    expect(world.aws.state.virtualDeviceExists(phone.serial)).toBe(false);
    expect(world.aws.state.callsTo('DeleteVirtualMFADevice').map((call) => call.status)).toEqual([403, 200]);
    const types = await eventTypes(world, request.id);
    expect(types.filter((type) => type === 'FINISH_STARTED')).toHaveLength(1);
    expect(types.filter((type) => type === 'REQUEST_COMPLETED')).toHaveLength(1);
    const modals = [erinModal.id, frankModal.id].map((id) => shown(world.slack.viewById(id)?.view));
    expect(modals.filter((text) => /already been handled/.test(text))).toHaveLength(1);
    expect(modals.filter((text) => /reset is complete/.test(text))).toHaveLength(1);
    expect(await world.store.verifyAuditChain()).toMatchObject({ ok: true });
  });
});
