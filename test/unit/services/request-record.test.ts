import { describe, expect, it } from 'vitest';
import { ResetError } from '../../../src/domain/errors.js';
import { aWorld } from '../fakes/world.js';

describe('confirmAsRecorded: mapping the member again at the final approval', () => {
  it('keeps the request open when the mapping fails for a fault of the bot, not an answer about the member', async () => {
    const world = aWorld();
    const request = await world.pendingRequest();
    world.iam.failNext({
      action: 'GetUser',
      error: new ResetError('CONFIG_INVALID', 'the tag rule cannot read an account this large'),
      times: 10,
    });

    await expect(world.approve(request)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });

    expect(world.store.current(request.id)).toMatchObject({ state: 'PENDING' });
    expect(world.store.eventTypes(request.id)).not.toContain('REQUEST_FAILED');
    expect(world.iam.changes()).toEqual([]);
  });
});
