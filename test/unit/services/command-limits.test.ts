import { describe, expect, it } from 'vitest';
import { createCommandLimits } from '../../../src/services/command-limits.js';
import { ALICE } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

describe('command limits', () => {
  it('refuses the commands beyond requests.commandsPerMinute and audits the refusal once per window', async () => {
    const world = aWorld({ rules: { commandsPerMinute: 2 } });
    const limits = createCommandLimits(world.deps);

    await limits.admit(ALICE);
    await limits.admit(ALICE);
    for (let i = 0; i < 3; i += 1) {
      await expect(limits.admit(ALICE)).rejects.toMatchObject({
        code: 'COMMAND_RATE_LIMITED',
        details: { retryAfterSeconds: 60 },
      });
    }

    expect(world.store.events()).toEqual([
      expect.objectContaining({
        type: 'COMMANDS_LIMITED',
        outcome: 'refused',
        actor: { kind: 'member', slackUserId: ALICE },
        errorCode: 'COMMAND_RATE_LIMITED',
        details: { perMinute: 2 },
      }),
    ]);
  });
});
