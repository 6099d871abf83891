import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEventDraft, AuditEventType, AuditOutcome } from '../../../src/domain/audit.js';
import { ADMINISTRATOR_ACCESS_ARN, knownFact, unknownFact } from '../../../src/domain/risk-facts.js';
import type { Store } from '../../../src/services/ports.js';
import { RISK_FACTS_WAIT_MS, readRiskFacts } from '../../../src/services/risk-facts.js';
import { ALICE } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

let eventNumber = 0;
function ended(
  type: AuditEventType,
  at: string,
  requestId: string,
  iamUserName = 'alice',
  outcome: AuditOutcome = 'success',
) {
  eventNumber += 1;
  return {
    eventId: `e${eventNumber}`,
    type,
    at,
    requestId,
    actor: { kind: 'bot' },
    target: { iamUserName },
    outcome,
  } satisfies AuditEventDraft;
}

describe('the risk facts read at submission', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('are read for the request’s IAM user, kept with the request and shown to the approvers', async () => {
    const world = aWorld();
    world.iam.setRiskFacts('alice', {
      consolePassword: knownFact(true),
      groups: knownFact(['admins']),
      policies: [
        { from: { kind: 'user' }, attached: knownFact([]), inline: knownFact([]) },
        {
          from: { kind: 'group', name: 'admins' },
          attached: knownFact([{ name: 'AdministratorAccess', arn: ADMINISTRATOR_ACCESS_ARN }]),
          inline: knownFact([]),
        },
      ],
    });
    const request = await world.pendingRequest();
    expect(world.iam.calls.filter((c) => c.action === 'ReadRiskFacts')).toEqual([
      { action: 'ReadRiskFacts', userName: 'alice' },
    ]);
    expect(request.riskFacts).toMatchObject({
      consolePassword: knownFact(true),
      groups: knownFact(['admins']),
      recentResets: knownFact({ days: 90, completed: 0, atLeast: false }),
      readAt: '2025-03-03T09:00:00.000Z',
    });
    expect(world.notifier.posted[0]?.riskFacts).toEqual(request.riskFacts);
    expect(world.store.current(request.id)?.riskFacts).toEqual(request.riskFacts);
  });

  it('are summed up in REQUEST_CREATED’s details for auditors, in four small values', async () => {
    const world = aWorld();
    world.iam.setRiskFacts('alice', {
      consolePassword: unknownFact('access-denied'),
      activeAccessKeys: knownFact(2),
      policies: [
        {
          from: { kind: 'user' },
          attached: knownFact([{ name: 'AdministratorAccess', arn: ADMINISTRATOR_ACCESS_ARN }]),
          inline: knownFact([]),
        },
      ],
    });
    const request = await world.pendingRequest();
    expect(world.store.eventsOf(request.id)[0]?.details).toEqual({
      expiresAt: request.expiresAt,
      rule: 'default',
      ruleDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      opensAt: request.opensAt,
      riskAdministratorAccess: 'yes',
      riskConsolePassword: 'unknown',
      riskActiveAccessKeys: 2,
      riskResetsIn90Days: 0,
    });
  });

  it('count the requests for the user that ended COMPLETED in the last 90 days, from the audit trail', async () => {
    const world = aWorld();
    await world.store.appendAudit([
      ended('REQUEST_COMPLETED', '2025-02-01T10:00:00.000Z', 'r1'),
      ended('REQUEST_COMPLETED', '2024-11-01T10:00:00.000Z', 'r-too-old'),
      ended('REQUEST_RECONCILED', '2025-03-01T10:00:00.000Z', 'r3'),
      ended('REQUEST_RECONCILED', '2025-03-01T10:30:00.000Z', 'r4'),
      ended('REQUEST_RECONCILED', '2025-03-01T11:00:00.000Z', 'r-reconciled-failed', 'alice', 'failure'),
      ended('REQUEST_FAILED', '2025-03-02T10:00:00.000Z', 'r-failed', 'alice', 'failure'),
      ended('REQUEST_COMPLETED', '2025-03-02T10:00:00.000Z', 'r-bob', 'bob'),
    ]);
    const facts = await readRiskFacts(world, 'alice');
    expect(facts.recentResets).toEqual(knownFact({ days: 90, completed: 3, atLeast: false }));
  });

  it('leave the count unknown, and the request standing, when the audit trail cannot be read', async () => {
    const world = aWorld();
    const store = { queryAudit: () => Promise.reject(new Error('down')) } as unknown as Store;
    const facts = await readRiskFacts({ ...world, store }, 'alice');
    expect(facts.recentResets).toEqual(unknownFact('failed'));
    expect(facts.consolePassword).toEqual(knownFact(false));
  });

  it('do not hold the request up: an IAM read that never ends leaves every IAM fact unknown after the wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const world = aWorld();
    world.iam.setRiskFacts('alice', 'never');
    const submitted = world.pendingRequest();
    await vi.advanceTimersByTimeAsync(RISK_FACTS_WAIT_MS);
    const request = await submitted;
    expect(request.state).toBe('PENDING');
    expect(request.riskFacts).toMatchObject({
      consolePassword: unknownFact('timed-out'),
      passwordLastUsed: unknownFact('timed-out'),
      activeAccessKeys: unknownFact('timed-out'),
      groups: unknownFact('timed-out'),
      policies: [
        { from: { kind: 'user' }, attached: unknownFact('timed-out'), inline: unknownFact('timed-out') },
      ],
      recentResets: knownFact({ days: 90, completed: 0, atLeast: false }),
    });
    expect(world.notifier.posted.map((r) => r.requesterSlackId)).toEqual([ALICE]);
  });
});
