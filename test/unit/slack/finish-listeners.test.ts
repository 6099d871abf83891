import { describe, expect, it, vi } from 'vitest';
import { createReconciler } from '../../../src/services/reconcile.js';
import { ActionId, BlockId, CallbackId } from '../../../src/slack/ids.js';
import { finishButton } from '../../../src/slack/listeners/actions/index.js';
import { approveSubmission, finishSubmission } from '../../../src/slack/listeners/views/index.js';
import { BUSY_SUBMISSIONS } from '../../../src/slack/submission-workload.js';
import { approveModal, finishModal } from '../../../src/slack/views/index.js';
import { aGate } from '../fakes/gate.js';
import { ALICE_HARDWARE, ALICE_VIRTUAL, ERIN, ERIN_SERIAL } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';
import { allText } from './all-text.js';
import { aButtonClick, aListenerContext, aSubmission } from './listener-args.js';

const codeInput = (code: string) => ({
  [BlockId.tokenCode]: { [ActionId.tokenCode]: { type: 'plain_text_input', value: code } },
});

describe('Finish the reset', () => {
  it('opens the code modal for an unfinished request, and finishes it with the code', async () => {
    const world = aWorld();
    const seeded = world.seedRequest({ state: 'EXECUTING', version: 3 });
    world.iam.removeDevice('alice', ALICE_VIRTUAL, { deleted: false });
    world.iam.removeDevice('alice', ALICE_HARDWARE);
    world.clock.advanceMinutes(6);
    await createReconciler(world.deps).reconcileInterrupted({ staleAfterMs: 5 * 60_000 });
    const request = world.store.current(seeded.id)!;
    const ctx = aListenerContext(world);

    const click = aButtonClick(world, ERIN, { actionId: ActionId.finishReset, value: request.id });
    await finishButton(ctx, click.args);
    const filled = click.recorded.viewCalls.at(-1)?.view as { callback_id?: string } | undefined;
    expect(filled?.callback_id).toBe(CallbackId.finishModal);
    expect(allText(filled)).toContain(ALICE_VIRTUAL);

    const modal = finishModal(request, { approverMfaSerial: ERIN_SERIAL });
    const { args, recorded } = aSubmission(world, ERIN, modal, codeInput(world.codeFor(ERIN)));
    await finishSubmission(ctx, args);

    expect(world.store.current(request.id)?.state).toBe('COMPLETED');
    expect(allText(recorded.acks[0])).toContain('reset is complete');
  });
});

describe('an approver’s code that takes long', () => {
  it('is answered “working on it”, with what to do if nothing follows', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    const gate = aGate();
    const ctx = aListenerContext(world, {
      submissionDeadlineMs: 600_000,
      approvals: {
        ...world.approvals,
        approve: async (input) => {
          await gate.opened;
          return world.approvals.approve(input);
        },
      },
    });
    ctx.submissions.inFlight = BUSY_SUBMISSIONS;
    const modal = approveModal(request, { approverMfaSerial: ERIN_SERIAL });
    const { args, recorded } = aSubmission(world, ERIN, modal, codeInput(world.codeFor(ERIN)));

    const answering = approveSubmission(ctx, args);
    await vi.waitFor(() => expect(recorded.acks).toHaveLength(1));
    const late = allText(recorded.acks[0]);
    gate.release();
    await answering;

    expect(late).toContain('Working on it');
    expect(late).toContain('approvals channel');
    expect(late).toContain('approve again');
  });
});
