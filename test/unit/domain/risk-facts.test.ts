import { describe, expect, it } from 'vitest';
import {
  ADMINISTRATOR_ACCESS_ARN,
  administratorPolicies,
  grantsEverything,
  groupNames,
  hasAdministratorAccess,
  type IamRiskFacts,
  knownFact,
  type PolicySource,
  unknownFact,
} from '../../../src/domain/risk-facts.js';

const readOnly = { name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' };
const admin = { name: 'AdministratorAccess', arn: ADMINISTRATOR_ACCESS_ARN };

function source(
  from: PolicySource['from'],
  attached: PolicySource['attached'] = knownFact([]),
  inline: PolicySource['inline'] = knownFact([]),
): PolicySource {
  return { from, attached, inline };
}

const user = { kind: 'user' } as const;
const group = (name: string) => ({ kind: 'group', name }) as const;

function facts(input: Partial<Pick<IamRiskFacts, 'groups' | 'policies'>>) {
  return { groups: knownFact<readonly string[]>([]), policies: [source(user)], ...input };
}

describe('hasAdministratorAccess', () => {
  it('is true for AdministratorAccess attached to the user', () => {
    expect(hasAdministratorAccess(facts({ policies: [source(user, knownFact([readOnly, admin]))] }))).toBe(
      true,
    );
  });

  it('is true for AdministratorAccess attached to one of the user’s groups', () => {
    const policies = [source(user), source(group('ops'), knownFact([admin]))];
    expect(hasAdministratorAccess(facts({ groups: knownFact(['ops']), policies }))).toBe(true);
  });

  it('is true for an inline policy allowing everything, even when other reads failed', () => {
    const policies = [
      source(
        user,
        unknownFact('access-denied'),
        knownFact([{ name: 'break-glass', grantsEverything: true }]),
      ),
    ];
    expect(hasAdministratorAccess(facts({ groups: unknownFact('timed-out'), policies }))).toBe(true);
  });

  it('is false only when every policy was read and none grants it', () => {
    const policies = [source(user, knownFact([readOnly])), source(group('dev'), knownFact([readOnly]))];
    expect(hasAdministratorAccess(facts({ groups: knownFact(['dev']), policies }))).toBe(false);
  });

  it.each([
    ['the groups are unknown', facts({ groups: unknownFact('failed') })],
    [
      'the user’s attached policies are unknown',
      facts({ policies: [source(user, unknownFact('timed-out'))] }),
    ],
    [
      'a group’s inline policies are unknown',
      facts({
        groups: knownFact(['ops']),
        policies: [source(user), source(group('ops'), knownFact([]), unknownFact('access-denied'))],
      }),
    ],
    [
      'a customer-managed policy is attached (its document is not read)',
      facts({
        policies: [source(user, knownFact([{ name: 'Ops', arn: 'arn:aws:iam::123456789012:policy/Ops' }]))],
      }),
    ],
  ])('is unknown (undefined), never false, when %s', (_, input) => {
    expect(hasAdministratorAccess(input)).toBeUndefined();
  });
});

describe('administratorPolicies', () => {
  it('names each policy that grants administrator access, and where it comes from', () => {
    const policies = [
      source(user, knownFact([admin]), knownFact([{ name: 'all', grantsEverything: true }])),
      source(group('ops'), knownFact([admin, readOnly])),
    ];
    expect(administratorPolicies({ policies })).toEqual([
      'AdministratorAccess',
      'all (inline)',
      'AdministratorAccess (group ops)',
    ]);
  });
});

describe('groupNames', () => {
  it('gives the names when known and undefined when not', () => {
    expect(groupNames({ groups: knownFact(['ops', 'dev']) })).toEqual(['ops', 'dev']);
    expect(groupNames({ groups: unknownFact('access-denied') })).toBeUndefined();
  });
});

describe('grantsEverything', () => {
  it.each([
    { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    { Statement: { Effect: 'Allow', Action: ['s3:*', '*'], Resource: ['*'] } },
    { Statement: [{ Effect: 'Allow', Action: '*:*', Resource: '*', Condition: { Bool: { x: 'true' } } }] },
  ])('counts an Allow of every action on every resource: %j', (document) => {
    expect(grantsEverything(document)).toBe(true);
  });

  it.each([
    { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
    { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
    { Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket' }] },
    { Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] },
    'not a document',
    null,
  ])('does not count %j', (document) => {
    expect(grantsEverything(document)).toBe(false);
  });
});
