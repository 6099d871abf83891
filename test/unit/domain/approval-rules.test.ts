import { describe, expect, it } from 'vitest';
import {
  type ApprovalRule,
  assertRequesterAllowed,
  type RuleSettings,
  ruleDigest,
  ruleFor,
  rulesNeedIamFacts,
} from '../../../src/domain/approval-rules.js';

const global: RuleSettings = {
  approvers: { users: ['U0ERIN'], userGroups: [] },
  minApprovals: 1,
  requesters: 'both',
  verification: 'none',
  waitMinutes: 0,
};

const strict = (name: string, match: ApprovalRule['match']): ApprovalRule => ({
  ...global,
  name,
  match,
  minApprovals: 2,
  verification: 'attest',
  waitMinutes: 30,
});

const alice = { userName: 'alice', path: '/', tags: {} };

describe('ruleFor: the first rule that matches the IAM user, else the global settings', () => {
  it('falls back to the global settings as the rule "default" when no rule matches', () => {
    expect(ruleFor([strict('admins', { userName: 'admin-*' })], global, alice)).toEqual({
      name: 'default',
      why: ['no other rule matches'],
      settings: global,
    });
  });

  it('matches a tag by key without case (as IAM does) and its value exactly', () => {
    const rules = [strict('admins', { tag: { key: 'Role', value: 'admin' } })];
    expect(ruleFor(rules, global, { ...alice, tags: { role: 'admin' } })).toMatchObject({
      name: 'admins',
      why: ['tag Role=admin'],
      settings: { minApprovals: 2, verification: 'attest', waitMinutes: 30 },
    });
    expect(ruleFor(rules, global, { ...alice, tags: { role: 'Admin' } }).name).toBe('default');
    expect(ruleFor(rules, global, { ...alice, tags: { other: 'admin' } }).name).toBe('default');
  });

  it('matches a path prefix and a user-name glob', () => {
    const rules = [strict('by-path', { pathPrefix: '/admins/' }), strict('by-name', { userName: 'ops-?' })];
    expect(ruleFor(rules, global, { ...alice, path: '/admins/eu/' }).name).toBe('by-path');
    expect(ruleFor(rules, global, { ...alice, path: '/adminsx/' }).name).toBe('default');
    expect(ruleFor(rules, global, { ...alice, userName: 'OPS-1' }).name).toBe('by-name');
    expect(ruleFor(rules, global, { ...alice, userName: 'ops-12' }).name).toBe('default');
  });

  it('needs every condition a rule names', () => {
    const rules = [strict('both', { pathPrefix: '/admins/', tag: { key: 'team', value: 'sre' } })];
    expect(ruleFor(rules, global, { ...alice, path: '/admins/' }).name).toBe('default');
    expect(ruleFor(rules, global, { ...alice, path: '/admins/', tags: { team: 'sre' } })).toMatchObject({
      name: 'both',
      why: ['tag team=sre', 'path /admins/'],
    });
  });

  it('takes the first match: order in the config file decides', () => {
    const rules = [strict('first', { userName: 'a*' }), strict('second', { userName: 'alice' })];
    expect(ruleFor(rules, global, alice).name).toBe('first');
  });

  it('matches a group without case, and refuses (RULE_FACTS_UNKNOWN) when the groups could not be read', () => {
    const rules = [strict('admins', { group: 'Administrators' })];
    expect(rulesNeedIamFacts(rules)).toBe(true);
    expect(ruleFor(rules, global, { ...alice, groups: ['administrators'] }).name).toBe('admins');
    expect(ruleFor(rules, global, { ...alice, groups: [] }).name).toBe('default');
    // Never passed over for a laxer rule because a fact is missing.
    expect(() => ruleFor(rules, global, alice)).toThrow(
      expect.objectContaining({ code: 'RULE_FACTS_UNKNOWN' }),
    );
  });
});

describe('ruleDigest', () => {
  const rule = { name: 'admins', settings: { ...global, minApprovals: 2 } };

  it('is the same for the same settings, whatever the order of the approvers', () => {
    const reordered = {
      ...rule,
      settings: { ...rule.settings, approvers: { users: ['U0ERIN'], userGroups: [] } },
    };
    expect(ruleDigest(reordered)).toBe(ruleDigest(rule));
  });

  it.each([
    ['minApprovals', { minApprovals: 1 }],
    ['approvers', { approvers: { users: ['U0ERIN', 'U0MALLORY'], userGroups: [] } }],
    ['requesters', { requesters: 'self' as const }],
    ['verification', { verification: 'attest' as const }],
    ['waitMinutes', { waitMinutes: 5 }],
  ])('changes when %s changes', (_name, change) => {
    expect(ruleDigest({ ...rule, settings: { ...rule.settings, ...change } })).not.toBe(ruleDigest(rule));
  });

  it('changes with the rule’s name', () => {
    expect(ruleDigest({ ...rule, name: 'other' })).not.toBe(ruleDigest(rule));
  });
});

describe('assertRequesterAllowed', () => {
  const under = (requesters: RuleSettings['requesters']) => ({
    name: 'r',
    why: [],
    settings: { ...global, requesters },
  });

  it('lets both kinds of requester ask under "both"', () => {
    expect(() => assertRequesterAllowed(under('both'), { onBehalf: false })).not.toThrow();
    expect(() => assertRequesterAllowed(under('both'), { onBehalf: true })).not.toThrow();
  });

  it('refuses the help desk under "self" and the member themselves under "helpdesk"', () => {
    expect(() => assertRequesterAllowed(under('self'), { onBehalf: true })).toThrow(
      expect.objectContaining({ code: 'REQUESTER_NOT_ALLOWED', details: { rule: 'r', requesters: 'self' } }),
    );
    expect(() => assertRequesterAllowed(under('helpdesk'), { onBehalf: false })).toThrow(
      expect.objectContaining({ code: 'REQUESTER_NOT_ALLOWED' }),
    );
    expect(() => assertRequesterAllowed(under('self'), { onBehalf: false })).not.toThrow();
    expect(() => assertRequesterAllowed(under('helpdesk'), { onBehalf: true })).not.toThrow();
  });
});

describe('ruleFor: administrator access', () => {
  const rules = [strict('admins', { administratorAccess: true })];

  it('matches a user with administrator access, and says so', () => {
    expect(ruleFor(rules, global, { ...alice, administratorAccess: true })).toMatchObject({
      name: 'admins',
      why: ['administrator access'],
    });
    expect(ruleFor(rules, global, { ...alice, administratorAccess: false }).name).toBe('default');
  });

  it('refuses (RULE_FACTS_UNKNOWN) when whether the user has it is unknown', () => {
    expect(() => ruleFor(rules, global, alice)).toThrow(
      expect.objectContaining({ code: 'RULE_FACTS_UNKNOWN' }),
    );
  });
});

describe('a member account’s own rules', () => {
  const legacyAdmins: ApprovalRule = {
    ...strict('legacy-admins', { pathPrefix: '/admins/' }),
    account: '111122223333',
  };
  const admin = (userName: string) => ({ userName, path: '/admins/', tags: {} });

  it('match that account’s users only, saying so, and come before the global rules', () => {
    const globalAdmins = strict('admins', { pathPrefix: '/admins/' });
    const rules = [legacyAdmins, globalAdmins];
    expect(ruleFor(rules, global, admin('111122223333:root-ops'))).toMatchObject({
      name: 'legacy-admins',
      why: ['account 111122223333', 'path /admins/'],
    });
    expect(ruleFor(rules, global, admin('444455556666:root-ops')).name).toBe('admins');
    expect(ruleFor(rules, global, admin('root-ops')).name).toBe('admins');
  });

  it('match user names as IAM knows them, without the account', () => {
    const named = { ...strict('ops', { userName: 'ops-*' }), account: '111122223333' };
    expect(ruleFor([named], global, { userName: '111122223333:ops-alice', path: '/', tags: {} }).name).toBe(
      'ops',
    );
  });
});
