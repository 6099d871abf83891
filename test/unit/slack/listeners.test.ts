import { describe, expect, it, vi } from 'vitest';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import { cancelRequestButton } from '../../../src/slack/listeners/actions/cancel.js';
import { mfaResetCommand } from '../../../src/slack/listeners/commands/index.js';
import { appHomeOpened } from '../../../src/slack/listeners/events/index.js';
import { denySubmission } from '../../../src/slack/listeners/views/index.js';
import { BUSY_SUBMISSIONS } from '../../../src/slack/submission-workload.js';
import { denyModal, helpText } from '../../../src/slack/views/index.js';
import { aGate } from '../fakes/gate.js';
import { ALICE, ERIN, MALLORY } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';
import { allText } from './all-text.js';
import { aButtonClick, aCommand, aHomeOpened, aListenerContext, aSubmission } from './listener-args.js';

describe('mfaResetCommand', () => {
  it('answers /mfa-reset help with the usage, acked once, and opens no modal', async () => {
    const world = aWorld();
    const { args, recorded } = aCommand(world, ALICE, 'help');

    await mfaResetCommand(aListenerContext(world), args);

    expect(recorded.acks).toEqual([undefined]);
    expect(recorded.responses).toEqual([{ response_type: 'ephemeral', text: helpText() }]);
    expect(recorded.viewCalls).toEqual([]);
  });

  it('opens a loading modal at once, then fills it with the member’s own devices', async () => {
    const world = aWorld();
    const { args, recorded } = aCommand(world, ALICE, '');

    await mfaResetCommand(aListenerContext(world), args);

    expect(recorded.viewCalls.map((call) => call.method)).toEqual(['views.open', 'views.update']);
    expect(allText(recorded.viewCalls[1]?.view)).toContain('alice');
    expect(recorded.responses).toEqual([]);
  });
});

describe('cancelRequestButton', () => {
  it('tells a member who may not cancel the request why, and leaves it pending', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    const { args, recorded } = aButtonClick(world, MALLORY, {
      actionId: ActionId.cancelRequest,
      value: request.id,
    });

    await cancelRequestButton(aListenerContext(world), args);

    expect(recorded.acks).toEqual([undefined]);
    expect(recorded.responses).toEqual([
      expect.objectContaining({
        response_type: 'ephemeral',
        text: expect.stringContaining('Only the member'),
      }),
    ]);
    expect(world.store.current(request.id)?.state).toBe('PENDING');
  });
});

describe('denySubmission', () => {
  it('denies with the reason given and answers with an update of the modal', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    const { args, recorded } = aSubmission(world, ERIN, denyModal(request), {
      [BlockId.denyReason]: {
        [ActionId.denyReason]: { type: 'plain_text_input', value: 'Not verified by phone' },
      },
    });

    await denySubmission(aListenerContext(world), args);

    expect(world.store.current(request.id)?.state).toBe('DENIED');
    expect(recorded.acks).toEqual([expect.objectContaining({ response_action: 'update' })]);
    expect(allText(recorded.acks[0])).toContain('You denied the request');
  });

  it('answers “working on it” at once when this bot already has many submissions in flight', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    const gate = aGate();
    const ctx = aListenerContext(world, {
      // A deadline no test waits for: only the busy rule can answer before the denial is done.
      submissionDeadlineMs: 600_000,
      approvals: {
        ...world.approvals,
        deny: async (input) => {
          await gate.opened;
          return world.approvals.deny(input);
        },
      },
    });
    ctx.submissions.inFlight = BUSY_SUBMISSIONS;
    const { args, recorded } = aSubmission(world, ERIN, denyModal(request), {
      [BlockId.denyReason]: {
        [ActionId.denyReason]: { type: 'plain_text_input', value: 'Not verified by phone' },
      },
    });

    const answering = denySubmission(ctx, args);
    await vi.waitFor(() => expect(recorded.acks).toHaveLength(1));
    expect(allText(recorded.acks[0])).toContain('Working on it');
    gate.release();
    await answering;

    expect(recorded.viewCalls.map((call) => call.method)).toEqual(['views.update']);
    expect(allText(recorded.viewCalls[0]?.view)).toContain('You denied the request');
    expect(ctx.submissions.inFlight).toBe(BUSY_SUBMISSIONS);
  });
});

describe('appHomeOpened', () => {
  it('publishes the member’s Home when they open the Home tab, and nothing for the Messages tab', async () => {
    const world = aWorld();
    const ctx = aListenerContext(world);
    const home = aHomeOpened(world, ALICE, 'home');
    const messages = aHomeOpened(world, ALICE, 'messages');

    await appHomeOpened(ctx, home.args);
    await appHomeOpened(ctx, messages.args);

    expect(home.recorded.viewCalls.map((call) => call.method)).toEqual(['views.publish']);
    expect(messages.recorded.viewCalls).toEqual([]);
  });
});
