import { describe, expect, it } from 'vitest';
import { createReplayGuard } from '../../../src/services/replays.js';
import { ALICE } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

describe('replay guard', () => {
  it('lets a submission through once and audits its repeat for the member who sent it', async () => {
    const world = aWorld();
    const guard = createReplayGuard(world.deps);
    const submission = { key: 'V0123:abc', slackUserId: ALICE, form: 'mfa_reset.request_modal' };
    await expect(guard.firstSubmission(submission)).resolves.toBe(true);
    await expect(guard.firstSubmission(submission)).resolves.toBe(false);
    await expect(guard.firstSubmission({ ...submission, key: 'V0123:def' })).resolves.toBe(true);
    expect(world.store.events()).toEqual([
      expect.objectContaining({
        type: 'SUBMISSION_REPLAYED',
        outcome: 'refused',
        errorCode: 'SUBMISSION_REPLAYED',
        actor: { kind: 'member', slackUserId: ALICE },
        details: { form: 'mfa_reset.request_modal' },
      }),
    ]);
  });

  it('lets an Events API event through once, without auditing Slack’s retries', async () => {
    const world = aWorld();
    const guard = createReplayGuard(world.deps);
    await expect(guard.firstDelivery('Ev0123')).resolves.toBe(true);
    await expect(guard.firstDelivery('Ev0123')).resolves.toBe(false);
    expect(world.store.events()).toEqual([]);
  });

  it('forgets a delivery after ten minutes, longer than Slack signatures are accepted', async () => {
    const world = aWorld();
    const guard = createReplayGuard(world.deps);
    await guard.firstDelivery('Ev0123');
    world.clock.advanceMinutes(9);
    await expect(guard.firstDelivery('Ev0123')).resolves.toBe(false);
    world.clock.advanceMinutes(2);
    await expect(guard.firstDelivery('Ev0123')).resolves.toBe(true);
  });
});
