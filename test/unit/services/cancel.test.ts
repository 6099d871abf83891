import { describe, expect, it } from 'vitest';
import { createCancelService } from '../../../src/services/cancel.js';
import { ALICE, MALLORY } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

describe('cancel', () => {
  it('ends a pending request CANCELLED by its requester, audited, nothing changed in IAM', async () => {
    const world = aWorld();
    const cancels = createCancelService(world.deps);
    const request = await world.pendingRequest();
    const cancelled = await cancels.cancel({ requestId: request.id, slackUserId: ALICE });
    expect(cancelled).toMatchObject({ state: 'CANCELLED', decision: { by: ALICE } });
    expect(world.store.current(request.id)?.state).toBe('CANCELLED');
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'REQUEST_CANCELLED',
      actor: { slackUserId: ALICE },
    });
    expect(world.notifier.updated.at(-1)?.state).toBe('CANCELLED');
    expect(world.iam.changes()).toEqual([]);
  });

  it('rewrites the DM sent while the request was pending, so its Cancel button goes', async () => {
    const world = aWorld();
    const cancels = createCancelService(world.deps);
    const request = await world.pendingRequest();
    expect(world.notifier.rewrittenDms).toEqual([]);
    await cancels.cancel({ requestId: request.id, slackUserId: ALICE });
    expect(world.notifier.rewrittenDms.map(({ request: shown, dm }) => [shown.state, dm])).toEqual([
      ['CANCELLED', request.memberDms?.[0]],
    ]);
  });

  it('has exactly one winner when a cancel and an approval race', async () => {
    for (let round = 0; round < 5; round += 1) {
      const world = aWorld();
      const cancels = createCancelService(world.deps);
      const request = await world.pendingRequest();
      const [cancel, approve] = await Promise.allSettled([
        cancels.cancel({ requestId: request.id, slackUserId: ALICE }),
        world.approve(request),
      ]);
      const final = world.store.current(request.id)?.state;
      const winners = [cancel, approve].filter((outcome) => outcome.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      if (cancel.status === 'fulfilled') {
        expect(final).toBe('CANCELLED');
        expect(world.iam.changes()).toEqual([]);
      } else {
        expect(final).toBe('COMPLETED');
        expect(cancel.reason).toMatchObject({ code: 'REQUEST_ALREADY_HANDLED' });
      }
      const finals = world.store
        .events()
        .filter((e) => ['REQUEST_CANCELLED', 'REQUEST_COMPLETED'].includes(e.type));
      expect(finals).toHaveLength(1);
    }
  });

  it('refuses anyone but the requester or the target member, and audits it', async () => {
    const world = aWorld();
    const cancels = createCancelService(world.deps);
    const request = await world.pendingRequest();
    await expect(cancels.cancel({ requestId: request.id, slackUserId: MALLORY })).rejects.toMatchObject({
      code: 'NOT_YOUR_REQUEST',
    });
    expect(world.store.current(request.id)?.state).toBe('PENDING');
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'CANCEL_REFUSED',
      errorCode: 'NOT_YOUR_REQUEST',
    });
  });

  it('cancels the caller’s one pending request on /mfa-reset cancel, and says when there is none', async () => {
    const world = aWorld();
    const cancels = createCancelService(world.deps);
    await expect(cancels.cancelOwn(ALICE)).rejects.toMatchObject({ code: 'NO_OPEN_REQUEST' });
    const request = await world.pendingRequest();
    const result = await cancels.cancelOwn(ALICE);
    expect(result).toMatchObject({ kind: 'cancelled', request: { id: request.id, state: 'CANCELLED' } });
  });
});
