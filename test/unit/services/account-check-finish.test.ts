import { describe, expect, it } from 'vitest';
import type { AccountMfaReset } from '../../../src/domain/account-trail.js';
import { findUnaccountedResets } from '../../../src/services/account-check.js';
import { createAuditEvents } from '../../../src/services/audit-events.js';
import type { AccountTrail } from '../../../src/services/ports.js';
import { ALICE_VIRTUAL, ERIN, ERIN_SERIAL } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

/** CloudTrail as the account recorded it: the resets given, whatever the range asked. */
function trailOf(...resets: AccountMfaReset[]): AccountTrail {
  return { mfaResets: async () => resets };
}

describe('checking CloudTrail against the trail, for a reset finished later', () => {
  it('accounts for a deletion made by “Finish the reset” an hour after the execution started', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    await world.approve(request);
    world.clock.advanceMinutes(60);
    const finishedAt = world.clock.now();
    // The finish's own start, written before its DeleteVirtualMFADevice (see approval/finish.ts).
    await world.store.appendAudit([
      createAuditEvents(world.deps).finishStarted(request, {
        approverSlackId: ERIN,
        mfaSerial: ERIN_SERIAL,
        devices: [ALICE_VIRTUAL],
        sessionKeyId: 'ASIAFINISHSESSION01',
        submission: 'finish-submission-1',
      }),
    ]);
    const deletion: AccountMfaReset = {
      eventId: 'ct-finish-delete',
      action: 'DeleteVirtualMFADevice',
      at: finishedAt.toISOString(),
      serial: ALICE_VIRTUAL,
      caller: {
        type: 'IAMUser',
        userName: 'mfa-reset-bot',
        accessKeyId: 'ASIAFINISHSESSION01',
        mfaAuthenticated: true,
      },
    };

    const unaccounted = await findUnaccountedResets(
      { ...world.deps, accountTrail: trailOf(deletion), stepUp: { userName: 'mfa-reset-bot' } },
      { from: new Date(finishedAt.getTime() - 7_200_000), to: finishedAt },
    );

    expect(unaccounted).toEqual([]);
  });
});
