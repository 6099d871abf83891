import { afterEach, describe, expect, it } from 'vitest';
import {
  clickDecision,
  eventTypes,
  openModalOf,
  pendingResetOfAlice,
  people,
  shown,
  startWorld,
  submitCode,
  type World,
} from './world.js';

describe('approvers racing', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('executes exactly once when two approvers submit their codes at the same moment; the other is told it was handled', async () => {
    world = await startWorld();
    const { phone, request, messageTs } = await pendingResetOfAlice(world);
    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'approve' });
    await clickDecision(world, { userId: people.frank.slackId, messageTs, action: 'approve' });
    const erinModal = await world.slack.waitFor(() => openModalOf(world, people.erin.slackId));
    const frankModal = await world.slack.waitFor(() => openModalOf(world, people.frank.slackId));

    // Both codes are being checked by STS at once, so both approvals reach the write together.
    world.aws.faults.setLatency('GetSessionToken', 300);
    const answers = await Promise.all([
      submitCode(world, {
        userId: people.erin.slackId,
        viewId: erinModal.id,
        code: world.codeOf(people.erin.slackId),
      }),
      submitCode(world, {
        userId: people.frank.slackId,
        viewId: frankModal.id,
        code: world.codeOf(people.frank.slackId),
      }),
    ]);

    expect(answers.every((a) => a.outcome.accepted)).toBe(true);
    expect(world.aws.state.callsTo('DeactivateMFADevice')).toHaveLength(1);
    expect(world.aws.state.callsTo('DeleteVirtualMFADevice')).toHaveLength(1);
    expect(world.aws.state.virtualDeviceExists(phone.serial)).toBe(false);
    const types = await eventTypes(world, request.id);
    expect(types.filter((t) => t === 'REQUEST_APPROVED')).toHaveLength(1);
    expect(types.filter((t) => t === 'EXECUTION_STARTED')).toHaveLength(1);
    expect(types.filter((t) => t === 'REQUEST_COMPLETED')).toHaveLength(1);
    const modals = [erinModal.id, frankModal.id].map((id) => shown(world.slack.viewById(id)?.view));
    expect(modals.filter((text) => /already been handled/.test(text))).toHaveLength(1);
    expect(modals.filter((text) => /were reset/.test(text))).toHaveLength(1);
    expect(await world.store.verifyAuditChain()).toMatchObject({ ok: true });
  });
});
