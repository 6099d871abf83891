import { describe, expect, it } from 'vitest';
import type { AccountMfaReset } from '../../../src/domain/account-trail.js';
import { ResetError } from '../../../src/domain/errors.js';
import { createAccountCheck } from '../../../src/services/account-check.js';
import type { AccountTrail } from '../../../src/services/ports.js';
import { InMemoryAlarmClaims } from '../fakes/in-memory-chain.js';
import { aWorld } from '../fakes/world.js';

const LEGACY = '111122223333';
const DATA = '444455556666';
const account = (id: string, name: string) => ({
  id,
  name,
  resetRoleArn: `arn:aws:iam::${id}:role/mfa-reset-bot-reset`,
});

/** A trail that answers its resets, or fails as an unreadable account does. */
function trailOf(
  resets: AccountMfaReset[],
  failure?: Error,
): AccountTrail & { asked: number; resets: AccountMfaReset[] } {
  const trail = {
    asked: 0,
    resets,
    async mfaResets() {
      trail.asked += 1;
      if (failure !== undefined) throw failure;
      return trail.resets;
    },
  };
  return trail;
}

function adminReset(at: Date): AccountMfaReset {
  return {
    eventId: 'ct-legacy-1',
    action: 'DeactivateMFADevice',
    at: at.toISOString(),
    iamUserName: 'mallory',
    serial: `arn:aws:iam::${LEGACY}:mfa/mallory`,
    caller: { type: 'IAMUser', arn: `arn:aws:iam::${LEGACY}:user/admin`, userName: 'admin' },
  };
}

function setUp(members: Array<{ id: string; name: string; trail: AccountTrail }>) {
  const world = aWorld();
  const home = trailOf([]);
  const check = createAccountCheck({
    ...world.deps,
    accountTrail: home,
    stepUp: { userName: 'mfa-reset-bot' },
    members: members.map(({ id, name, trail }) => ({ account: account(id, name), trail })),
    alarmClaims: new InMemoryAlarmClaims(),
    alarmLog: world.logger,
  });
  return { world, home, check };
}

describe('the scheduled check, in every member account', () => {
  it('alarms and audits a member account’s unaccounted reset under that account', async () => {
    const legacy = trailOf([]);
    const { world, home, check } = setUp([{ id: LEGACY, name: 'legacy-prod', trail: legacy }]);
    legacy.resets.push(adminReset(world.clock.now()));

    const { unaccounted } = await check.checkAndAlarm({ lookbackMs: 86_400_000 });

    expect([home.asked, legacy.asked]).toEqual([1, 1]);
    expect(unaccounted.map((r) => [r.account, r.reason])).toEqual([
      [{ id: LEGACY, name: 'legacy-prod' }, 'not-the-bot'],
    ]);
    expect(world.notifier.alarms).toMatchObject([
      { kind: 'cloudtrail-mismatch', reset: { account: { id: LEGACY } } },
    ]);
    expect(
      world.store
        .events()
        .map((e) => [e.type, e.target?.iamUserName, e.details?.accountId, e.details?.accountName]),
    ).toEqual([['CLOUDTRAIL_MISMATCH', `${LEGACY}:mallory`, LEGACY, 'legacy-prod']]);
  });

  it('still alarms the others when one account cannot be read, logs that account by ID, and fails the run', async () => {
    const refused = new ResetError('MEMBER_ROLE_REFUSED', 'the reader role refused the bot');
    const data = trailOf([], refused);
    const legacy = trailOf([]);
    const { world, check } = setUp([
      { id: DATA, name: 'data', trail: data },
      { id: LEGACY, name: 'legacy-prod', trail: legacy },
    ]);
    legacy.resets.push(adminReset(world.clock.now()));

    await expect(check.checkAndAlarm({ lookbackMs: 86_400_000 })).rejects.toBe(refused);

    expect(world.notifier.alarms).toHaveLength(1);
    const logged = world.logger.at('error').map((entry) => entry.fields as Record<string, unknown>);
    expect(logged).toContainEqual(expect.objectContaining({ accountId: DATA, code: 'MEMBER_ROLE_REFUSED' }));
  });
});
