import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

describe('request signing between the driver and a real Bolt app', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('is accepted when signed with the signing secret', async () => {
    const res = await harness.driver.slashCommand({ userId: 'U0ALICE', channelId: 'C0GENERAL' });
    expect(res.status).toBe(200);
    await harness.slack.waitForCall('views.open', { since: res.callMark });
  });

  it.each(['bad-signature', 'stale-timestamp', 'no-signature'] as const)(
    'is refused with 401 on %s',
    async (tamper) => {
      const res = await harness.driver.slashCommand(
        { userId: 'U0ALICE', channelId: 'C0GENERAL' },
        { tamper },
      );
      expect(res.status).toBe(401);
      // Give a wrongly accepted request the time to reach views.open before concluding it did not.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(harness.slack.calls('views.open', { since: res.callMark })).toHaveLength(0);
    },
  );
});
