import { describe, expect, it } from 'vitest';
import type { AccountMfaReset } from '../../../src/domain/account-trail.js';
import { createAccountCheck, findUnaccountedResets } from '../../../src/services/account-check.js';
import type { AccountTrail } from '../../../src/services/ports.js';
import { InMemoryAlarmClaims } from '../fakes/in-memory-chain.js';
import { ALICE_HARDWARE, ALICE_VIRTUAL } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

const AUDITOR = 'U0AUDITOR';
const stepUp = { userName: 'mfa-reset-bot' };
/** The first session the unit world's STS issues: the one the first approval resets with. */
const FIRST_SESSION = 'ASIAFAKESESSION0001';

class FakeAccountTrail implements AccountTrail {
  readonly resets: AccountMfaReset[] = [];
  readonly ranges: Array<{ from: Date; to: Date }> = [];
  async mfaResets(range: { from: Date; to: Date }): Promise<AccountMfaReset[]> {
    this.ranges.push(range);
    return this.resets.filter(
      (r) => Date.parse(r.at) >= range.from.getTime() && Date.parse(r.at) <= range.to.getTime(),
    );
  }
}

function setUp() {
  const world = aWorld({ rules: { auditors: { users: [AUDITOR], userGroups: [] } } });
  const accountTrail = new FakeAccountTrail();
  const check = createAccountCheck({
    ...world.deps,
    accountTrail,
    stepUp,
    alarmClaims: new InMemoryAlarmClaims(),
    alarmLog: world.logger,
  });
  return { world, accountTrail, check };
}

function resetAt(at: Date, overrides: Partial<AccountMfaReset> = {}): AccountMfaReset {
  return {
    eventId: `ct-${overrides.serial ?? ALICE_VIRTUAL}-${overrides.action ?? 'DeactivateMFADevice'}`,
    action: 'DeactivateMFADevice',
    at: at.toISOString(),
    iamUserName: 'alice',
    serial: ALICE_VIRTUAL,
    caller: {
      type: 'IAMUser',
      userName: 'mfa-reset-bot',
      accessKeyId: FIRST_SESSION,
      mfaAuthenticated: true,
    },
    ...overrides,
  };
}

describe('checking CloudTrail against the trail', () => {
  it('accounts for the deactivations and deletion an approved request made', async () => {
    const { world, accountTrail } = setUp();
    const request = await world.pendingRequest();
    await world.approve(request);
    const at = world.clock.now();
    accountTrail.resets.push(
      resetAt(at),
      resetAt(at, { serial: ALICE_HARDWARE }),
      resetAt(at, { action: 'DeleteVirtualMFADevice', iamUserName: undefined }),
    );

    const unaccounted = await findUnaccountedResets(
      { ...world.deps, accountTrail, stepUp },
      {
        from: new Date(at.getTime() - 3_600_000),
        to: at,
      },
    );

    expect(unaccounted).toEqual([]);
  });

  it('lists a reset nobody requested, and one of a device a request did not reset', async () => {
    const { world, accountTrail } = setUp();
    const request = await world.pendingRequest({ serials: [ALICE_HARDWARE] });
    await world.approve(request);
    const at = world.clock.now();
    accountTrail.resets.push(
      resetAt(at, { serial: 'arn:aws:iam::123456789012:mfa/bob', iamUserName: 'bob' }),
      resetAt(at), // ALICE_VIRTUAL, not in the request
      resetAt(new Date(at.getTime() + 3_600_000), { serial: ALICE_HARDWARE }), // an hour later: another change
    );

    const unaccounted = await findUnaccountedResets(
      { ...world.deps, accountTrail, stepUp },
      { from: new Date(at.getTime() - 3_600_000), to: new Date(at.getTime() + 7_200_000) },
    );

    expect(unaccounted.map((r) => [r.serial, r.reason])).toEqual([
      ['arn:aws:iam::123456789012:mfa/bob', 'no-request'],
      [ALICE_VIRTUAL, 'no-request'],
      [ALICE_HARDWARE, 'no-request'],
    ]);
  });

  it('logs every unaccounted reset before it delivers any alarm, so a slow Slack holds back no line', async () => {
    const { world, accountTrail, check } = setUp();
    accountTrail.resets.push(
      resetAt(world.clock.now(), { serial: 'GAHT000001', iamUserName: 'carol' }),
      resetAt(world.clock.now(), { serial: 'GAHT000002', iamUserName: 'dave' }),
    );
    const linesWhenPosted: number[] = [];
    const { postAlarm } = world.notifier;
    world.notifier.postAlarm = async (alarm) => {
      linesWhenPosted.push(
        world.logger.at('error').filter((entry) => (entry.fields as { alarm?: unknown }).alarm === true)
          .length,
      );
      return postAlarm.call(world.notifier, alarm);
    };

    await check.checkAndAlarm({ lookbackMs: 86_400_000 });

    expect(linesWhenPosted).toEqual([2, 2]);
  });

  it('alarms and audits each unaccounted reset once, however often it runs, and logs it every time', async () => {
    const { world, accountTrail, check } = setUp();
    accountTrail.resets.push(resetAt(world.clock.now(), { serial: 'GAHT000001', iamUserName: 'carol' }));

    const first = await check.checkAndAlarm({ lookbackMs: 86_400_000 });
    const second = await check.checkAndAlarm({ lookbackMs: 86_400_000 });

    expect([first.unaccounted.length, second.unaccounted.length]).toEqual([1, 1]);
    expect(world.notifier.alarms).toHaveLength(1);
    expect(world.notifier.alarms[0]).toMatchObject({
      kind: 'cloudtrail-mismatch',
      reset: { serial: 'GAHT000001' },
    });
    expect(world.notifier.alarmDms.map((dm) => dm.to)).toEqual([AUDITOR]);
    expect(
      world.store.events().map((e) => [e.type, e.target?.iamUserName, e.devices, e.details?.reason]),
    ).toEqual([['CLOUDTRAIL_MISMATCH', 'carol', ['GAHT000001'], 'no-request']]);
    expect(accountTrail.ranges[0]!.to.getTime() - accountTrail.ranges[0]!.from.getTime()).toBe(86_400_000);
    const lines = world.logger
      .at('error')
      .map((entry) => entry.fields as Record<string, unknown>)
      .filter((fields) => fields.alarm === true);
    expect(lines.map((fields) => [fields.eventType, fields.serial])).toEqual([
      ['CLOUDTRAIL_MISMATCH', 'GAHT000001'],
      ['CLOUDTRAIL_MISMATCH', 'GAHT000001'],
    ]);
  });
});
