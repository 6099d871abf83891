import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RISK_FACTS_APP_ID } from '../../../src/aws/risk-facts.js';
import {
  ADMINISTRATOR_ACCESS_ARN,
  groupNames,
  hasAdministratorAccess,
  knownFact,
  unknownFact,
} from '../../../src/domain/risk-facts.js';
import { type AwsFixture, startAwsFixture } from './fixture.js';

/**
 * The IAM adapter's reading of an approver's risk facts: the real SDK (commands and paginators)
 * against the emulator, with pages of one item so every list is followed across pages.
 */
const BUDGET_MS = 600;

describe('IAM adapter: readRiskFacts', () => {
  let fixture: AwsFixture;

  beforeEach(async () => {
    fixture = await startAwsFixture({ pageSize: 1, riskFactsBudgetMs: BUDGET_MS });
    fixture.emulator.state.addUser({ userName: 'alice' });
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('reads console access, active keys, groups and every policy, across pages', async () => {
    const { state } = fixture.emulator;
    state.access.setLoginProfile('alice', { lastUsed: new Date('2026-12-01T09:30:00Z') });
    state.addAccessKey('alice');
    state.addAccessKey('alice');
    state.addAccessKey('alice', undefined, { status: 'Inactive' });
    state.access.attachPolicy({ user: 'alice' }, 'ReadOnlyAccess');
    state.access.putInlinePolicy({ user: 'alice' }, 'buckets', {
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    });
    state.access.addUserToGroup('alice', 'admins');
    state.access.attachPolicy({ group: 'admins' }, 'AdministratorAccess');
    state.access.addUserToGroup('alice', 'dev');
    state.access.putInlinePolicy({ group: 'dev' }, 'everything', {
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });

    const facts = await fixture.aws.iam.readRiskFacts('alice');

    expect(facts).toEqual({
      consolePassword: knownFact(true),
      passwordLastUsed: knownFact('2026-12-01T09:30:00.000Z'),
      activeAccessKeys: knownFact(2),
      groups: knownFact(['admins', 'dev']),
      policies: [
        {
          from: { kind: 'user' },
          attached: knownFact([{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]),
          inline: knownFact([{ name: 'buckets', grantsEverything: false }]),
        },
        {
          from: { kind: 'group', name: 'admins' },
          attached: knownFact([{ name: 'AdministratorAccess', arn: ADMINISTRATOR_ACCESS_ARN }]),
          inline: knownFact([]),
        },
        {
          from: { kind: 'group', name: 'dev' },
          attached: knownFact([]),
          inline: knownFact([{ name: 'everything', grantsEverything: true }]),
        },
      ],
    });
    expect(hasAdministratorAccess(facts)).toBe(true);
    expect(groupNames(facts)).toEqual(['admins', 'dev']);
  });

  it('reads a user without a console password (GetLoginProfile NoSuchEntity) as having none, known', async () => {
    const facts = await fixture.aws.iam.readRiskFacts('alice');
    expect(facts.consolePassword).toEqual(knownFact(false));
    expect(facts.passwordLastUsed).toEqual(knownFact(null));
    expect(facts.activeAccessKeys).toEqual(knownFact(0));
    expect(hasAdministratorAccess(facts)).toBe(false);
  });

  it('gives a denied read as unknown (access denied), and no administrator access as unknown, not false', async () => {
    fixture.emulator.state.access.deny('ListGroupsForUser');
    fixture.emulator.state.access.deny('GetLoginProfile');
    const facts = await fixture.aws.iam.readRiskFacts('alice');
    expect(facts.groups).toEqual(unknownFact('access-denied'));
    expect(facts.consolePassword).toEqual(unknownFact('access-denied'));
    expect(facts.activeAccessKeys).toEqual(knownFact(0));
    expect(hasAdministratorAccess(facts)).toBeUndefined();
    expect(groupNames(facts)).toBeUndefined();
  });

  it('gives a read still running at the deadline as unknown (timed out), and keeps the others', async () => {
    fixture.emulator.faults.setLatency('GetLoginProfile', BUDGET_MS * 4);
    const started = Date.now();
    const facts = await fixture.aws.iam.readRiskFacts('alice');
    expect(Date.now() - started).toBeLessThan(BUDGET_MS * 3);
    expect(facts.consolePassword).toEqual(unknownFact('timed-out'));
    expect(facts.groups).toEqual(knownFact([]));
  });

  it('gives a read AWS keeps failing (500, retried) as unknown (could not be read)', async () => {
    fixture.emulator.faults.failNext('ListAccessKeys', { status: 500, code: 'ServiceFailure', times: 3 });
    const facts = await fixture.aws.iam.readRiskFacts('alice');
    expect(facts.activeAccessKeys).toEqual(unknownFact('failed'));
  });

  it('signs every read with the bot’s own key and names itself in the User-Agent, apart from the other reads', async () => {
    fixture.emulator.state.clearCalls();
    await fixture.aws.iam.readRiskFacts('alice');
    await fixture.aws.iam.getUser('alice');
    const calls = fixture.emulator.state.calls;
    const risk = calls.filter((call) => call.userAgent?.includes(`app/${RISK_FACTS_APP_ID}`));
    expect(risk.map((call) => call.action).sort()).toEqual(
      [
        'GetLoginProfile',
        'GetUser',
        'ListAccessKeys',
        'ListAttachedUserPolicies',
        'ListGroupsForUser',
        'ListUserPolicies',
      ].sort(),
    );
    expect(calls.filter((call) => !risk.includes(call)).map((call) => call.action)).toEqual(['GetUser']);
    expect(new Set(calls.map((call) => call.accessKeyId))).toEqual(new Set([fixture.bot.accessKeyId]));
  });
});
