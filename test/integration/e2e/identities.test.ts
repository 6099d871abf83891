import { afterEach, describe, expect, it } from 'vitest';
import { resetAlice } from './audit-steps.js';
import { RUNTIME_USER, startWorld, type World } from './world.js';

/** The IAM users whose long-term keys signed the calls of `action` to the emulator. */
function signersOf(world: World, action: string): string[] {
  const owner = (key: string | undefined) => world.aws.state.longTermKey(key ?? '')?.userName ?? 'a session';
  return [...new Set(world.aws.state.callsTo(action).map((call) => owner(call.accessKeyId)))];
}

describe('the step-up key apart from the runtime identity', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('uses the bot’s IAM user’s key for GetSessionToken only, and the runtime identity for every other call', async () => {
    world = await startWorld({ runtimeIdentity: true, keepStartupCalls: true });

    await resetAlice(world);

    expect(signersOf(world, 'GetSessionToken')).toEqual([world.botUser.userName]);
    for (const action of ['GetUser', 'ListMFADevices'])
      expect(signersOf(world, action)).toEqual([RUNTIME_USER]);
    // The resets themselves run on the session STS gave the step-up user, with the approver's MFA.
    expect(
      world.aws.state.callsTo('DeactivateMFADevice').every((call) => call.accessKeyId?.startsWith('ASIA')),
    ).toBe(true);
    expect(world.logs.join('')).not.toContain('the step-up key is the runtime identity');
    expect(world.logs.join('')).toContain('"stepUpKey":"environment"');
  });

  it('says at start-up what it costs when the step-up key is the runtime identity', async () => {
    world = await startWorld();

    const warning = world.logs
      .map((line) => JSON.parse(line) as { level: number; msg: string; stepUpKey?: string })
      .find((line) => line.stepUpKey === 'runtime' && /step-up key is the runtime identity/.test(line.msg));
    expect(warning?.level).toBe(40);
    expect(warning?.msg).toMatch(/one leaked key can both reset MFA devices .* and write the audit table/);
  });
});
