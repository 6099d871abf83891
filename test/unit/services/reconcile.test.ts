import { describe, expect, it } from 'vitest';
import { createReconciler } from '../../../src/services/reconcile.js';
import { ALICE_HARDWARE, ALICE_VIRTUAL } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

const FIVE_MINUTES = 5 * 60_000;

/** A world where a reset of alice's two devices was interrupted after `done` were deactivated. */
function anInterruptedReset(done: readonly string[]) {
  const world = aWorld();
  const request = world.seedRequest({ state: 'EXECUTING', version: 3 });
  for (const serial of done) world.iam.removeDevice('alice', serial);
  return { world, request, reconciler: createReconciler(world.deps) };
}

describe('reconciling resets interrupted while EXECUTING', () => {
  it('leaves a request alone while it may still be running', async () => {
    const { world, request, reconciler } = anInterruptedReset([ALICE_VIRTUAL, ALICE_HARDWARE]);
    world.clock.advanceMinutes(4);
    expect(await reconciler.reconcileInterrupted({ staleAfterMs: FIVE_MINUTES })).toBe(0);
    expect(world.store.current(request.id)?.state).toBe('EXECUTING');
  });

  it('completes a request whose devices are all gone from the user, and tells people', async () => {
    const { world, request, reconciler } = anInterruptedReset([ALICE_VIRTUAL, ALICE_HARDWARE]);
    world.clock.advanceMinutes(6);

    expect(await reconciler.reconcileInterrupted({ staleAfterMs: FIVE_MINUTES })).toBe(1);

    expect(world.store.current(request.id)).toMatchObject({ state: 'COMPLETED', version: 4 });
    expect(world.store.eventTypes(request.id)).toEqual([
      'REQUEST_CREATED',
      'DEVICE_DEACTIVATED',
      'DEVICE_DEACTIVATED',
      'REQUEST_RECONCILED',
    ]);
    const deviceEvents = world.store.events().filter((event) => event.type === 'DEVICE_DEACTIVATED');
    expect(deviceEvents.map((event) => [event.devices, event.actor.kind])).toEqual([
      [[ALICE_VIRTUAL], 'bot'],
      [[ALICE_HARDWARE], 'bot'],
    ]);
    expect(world.notifier.dms.at(-1)).toMatchObject({ id: request.id, state: 'COMPLETED' });
  });

  it('fails a request with EXECUTION_INTERRUPTED when a device is still attached, naming it', async () => {
    const { world, request, reconciler } = anInterruptedReset([ALICE_VIRTUAL]);
    world.clock.advanceMinutes(6);

    await reconciler.reconcileInterrupted({ staleAfterMs: FIVE_MINUTES });

    const reconciled = world.store.current(request.id);
    expect(reconciled).toMatchObject({ state: 'FAILED', failureCode: 'EXECUTION_INTERRUPTED' });
    expect(reconciled?.outcomes).toEqual([
      { serial: ALICE_VIRTUAL, kind: 'virtual', deactivated: true, deleted: false },
      {
        serial: ALICE_HARDWARE,
        kind: 'hardware',
        deactivated: false,
        deleted: false,
        errorCode: 'EXECUTION_INTERRUPTED',
      },
    ]);
    expect(world.store.eventTypes(request.id)).toEqual([
      'REQUEST_CREATED',
      'DEVICE_DEACTIVATED',
      'DEVICE_RESET_FAILED',
      'REQUEST_RECONCILED',
    ]);
    expect(world.store.events().find((event) => event.type === 'DEVICE_RESET_FAILED')).toMatchObject({
      devices: [ALICE_HARDWARE],
      errorCode: 'EXECUTION_INTERRUPTED',
    });
    expect(world.iam.changes()).toEqual([]);
  });
});
