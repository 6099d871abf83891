import { describe, expect, it } from 'vitest';
import { messageBlocksProblems } from '../../../sandbox/fake-slack/message-rules.js';
import { modalViewProblems } from '../../../sandbox/fake-slack/view-rules.js';
import {
  ADMINISTRATOR_ACCESS_ARN,
  knownFact,
  type PolicySource,
  type RiskFacts,
  unknownFact,
} from '../../../src/domain/risk-facts.js';
import { approvalMessage, approveModal } from '../../../src/slack/views/index.js';
import { nothingRisky } from '../fakes/fake-iam.js';
import { aRequest } from '../fakes/request-builder.js';
import { allText } from './all-text.js';

function facts(overrides: Partial<RiskFacts> = {}): RiskFacts {
  return {
    ...nothingRisky(),
    recentResets: knownFact({ days: 90, completed: 0, atLeast: false }),
    readAt: '2024-05-01T10:00:00.000Z',
    ...overrides,
  };
}

const message = (riskFacts: RiskFacts) =>
  allText(approvalMessage(aRequest({ riskFacts }), { approvalsNeeded: 1 }));

describe('the risk facts on the approval message', () => {
  it('calls out administrator access and console access, naming where they come from', () => {
    const text = message(
      facts({
        consolePassword: knownFact(true),
        passwordLastUsed: knownFact('2024-04-30T08:00:00.000Z'),
        activeAccessKeys: knownFact(2),
        groups: knownFact(['admins']),
        policies: [
          { from: { kind: 'user' }, attached: knownFact([]), inline: knownFact([]) },
          {
            from: { kind: 'group', name: 'admins' },
            attached: knownFact([{ name: 'AdministratorAccess', arn: ADMINISTRATOR_ACCESS_ARN }]),
            inline: knownFact([]),
          },
        ],
        recentResets: knownFact({ days: 90, completed: 3, atLeast: false }),
      }),
    );
    expect(text).toContain(
      ':rotating_light: *Administrator access: YES* (AdministratorAccess (group admins))',
    );
    expect(text).toContain(
      ':warning: *Console access: YES* (console password), last sign-in <!date^1714464000^',
    );
    expect(text).toContain('*Active access keys*: 2');
    expect(text).toContain('*Groups*: `admins`');
    expect(text).toContain('*Resets completed in the last 90 days*: 3');
  });

  it('says none only for what was read and found empty', () => {
    const text = message(facts());
    expect(text).toContain('*Administrator access*: no');
    expect(text).toContain('*Console access*: none (no console password)');
    expect(text).toContain('*Active access keys*: none');
    expect(text).toContain('*Groups*: none');
    expect(text).toContain('*Policies*: none');
  });

  it('shows what could not be read as unknown, never as none', () => {
    const text = message(
      facts({
        consolePassword: unknownFact('access-denied'),
        passwordLastUsed: unknownFact('timed-out'),
        activeAccessKeys: unknownFact('failed'),
        groups: unknownFact('timed-out'),
        policies: [{ from: { kind: 'user' }, attached: unknownFact('access-denied'), inline: knownFact([]) }],
        recentResets: unknownFact('timed-out'),
      }),
    );
    expect(text).toContain('*Administrator access*: *unknown*');
    expect(text).toContain(
      '*Console access*: *unknown* (access denied), last sign-in *unknown* (IAM did not answer in time)',
    );
    expect(text).toContain('*Active access keys*: *unknown* (could not be read)');
    expect(text).toContain('*Groups*: *unknown*');
    expect(text).toContain('*Policies*: attached to the user: *unknown* (access denied)');
    expect(text).toContain('*Resets completed in the last 90 days*: *unknown*');
    expect(text).not.toMatch(/: none/);
  });

  it('shows nothing of the kind for a request made before the facts were read', () => {
    expect(message(undefined as unknown as RiskFacts)).not.toContain('Before you approve');
  });

  it('stays within Block Kit’s limits with the most IAM allows (10 groups of 20 long policy names)', () => {
    const longName = (i: number) => `${'<&>'.repeat(40)}${i}`;
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: longName(i),
        arn: `arn:aws:iam::123456789012:policy/${longName(i)}`,
      }));
    const groups = Array.from({ length: 10 }, (_, i) => longName(i));
    const policies: PolicySource[] = [
      { from: { kind: 'user' }, attached: knownFact(many(20)), inline: knownFact([]) },
      ...groups.map(
        (name): PolicySource => ({
          from: { kind: 'group', name },
          attached: knownFact([...many(19), { name: 'AdministratorAccess', arn: ADMINISTRATOR_ACCESS_ARN }]),
          inline: knownFact(many(5).map((p) => ({ name: p.name, grantsEverything: true }))),
        }),
      ),
    ];
    const request = aRequest({ riskFacts: facts({ groups: knownFact(groups), policies }) });
    expect(messageBlocksProblems(approvalMessage(request, { approvalsNeeded: 5 }))).toEqual([]);
    expect(modalViewProblems(approveModal(request, { approverMfaSerial: 'arn:aws:iam::1:mfa/bot' }))).toEqual(
      [],
    );
    expect(allText(approvalMessage(request, { approvalsNeeded: 5 }))).toContain('more');
  });
});

describe('the risk facts on the approve modal', () => {
  it('are shown to the approver before the code is asked for', () => {
    const request = aRequest({ riskFacts: facts({ consolePassword: knownFact(true) }) });
    const text = allText(approveModal(request, { approverMfaSerial: 'arn:aws:iam::1:mfa/bot' }));
    expect(text).toContain('*Console access: YES*');
  });
});
