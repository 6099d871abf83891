import { describe, expect, it } from 'vitest';
import { memberAccountsOf } from '../../../src/config/accounts-schema.js';
import { parseConfigFile } from '../../../src/config/load.js';
import { configFileError } from '../fakes/config-fixtures.js';

const source = '/srv/bot/mfa-reset.yaml';

/** A minimal file (home account 123456789012, by its MFA serial) with these mapping and accounts sections. */
function withAccounts(mapping: string, accounts: string): string {
  return `
slack: { approvalChannel: C0APPROVALS }
approvers: { users: [U0APPROVER] }
aws: { botMfaSerial: "arn:aws:iam::123456789012:mfa/mfa-reset-bot" }
mapping:
${mapping}
accounts:
${accounts}
`;
}

const legacyProd = `  - { id: "111122223333", name: legacy-prod, externalId: mfa-reset-7f3a }`;

const configError = (text: string) => configFileError(text, source);

describe('accounts in the config file', () => {
  it('gives a listed account the member stack’s role names, in that account', () => {
    const file = parseConfigFile(
      withAccounts('  - static: { U0ALICE: "111122223333:alice" }', legacyProd),
      source,
    );
    expect(file.mapping).toEqual([{ static: { U0ALICE: '111122223333:alice' } }]);
    expect(memberAccountsOf(file.accounts)).toEqual([
      {
        id: '111122223333',
        name: 'legacy-prod',
        externalId: 'mfa-reset-7f3a',
        resetRoleArn: 'arn:aws:iam::111122223333:role/mfa-reset-bot-reset',
        readRoleArn: 'arn:aws:iam::111122223333:role/mfa-reset-bot-reader',
        protect: { users: [] },
        rules: [],
      },
    ]);
  });

  it('takes an account’s own rules, and refuses a rule name used twice in the file', () => {
    const withRules = `${legacyProd.replace(' }', ', rules: [{ name: legacy-admins, match: { pathPrefix: /admins/ }, minApprovals: 2 }] }')}`;
    const file = parseConfigFile(withAccounts('  - static: { U0ALICE: alice }', withRules), source);
    expect(file.accounts[0]?.rules.map((rule) => rule.name)).toEqual(['legacy-admins']);
    const twice = configError(
      `${withAccounts('  - static: { U0ALICE: alice }', withRules)}rules:\n  - { name: legacy-admins, match: { userName: "x*" } }\n`,
    );
    expect(twice.message).toContain('accounts.0.rules.0.name: names a rule listed before it');
  });

  it('takes a role ARN as it is, and refuses one of another account', () => {
    const own = `  - id: "111122223333"
    name: legacy-prod
    externalId: mfa-reset-7f3a
    resetRole: "arn:aws:iam::111122223333:role/ops/mfa-reset"`;
    const file = parseConfigFile(withAccounts('  - static: { U0ALICE: alice }', own), source);
    expect(memberAccountsOf(file.accounts)[0]?.resetRoleArn).toBe(
      'arn:aws:iam::111122223333:role/ops/mfa-reset',
    );
    const error = configError(
      withAccounts(
        '  - static: { U0ALICE: alice }',
        own.replace('role/ops', 'role/x').replace('::111122223333:role', '::999999999999:role'),
      ),
    );
    expect(error.message).toContain(
      'accounts.0.resetRole: is a role of account 999999999999, not of 111122223333',
    );
  });

  it('refuses a static entry naming an account that accounts does not list', () => {
    const error = configError(withAccounts('  - static: { U0ALICE: "444455556666:alice" }', legacyProd));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(
      'mapping.0.static.U0ALICE: names account 444455556666, which accounts does not list',
    );
  });

  it('refuses a malformed static entry, saying both forms', () => {
    const error = configError(withAccounts('  - static: { U0ALICE: "1111:alice" }', legacyProd));
    expect(error.message).toContain('or ACCOUNT_ID:name for a member account');
  });

  it('refuses an account ID YAML read as a number, saying to quote it', () => {
    const error = configError(
      withAccounts('  - static: { U0ALICE: alice }', legacyProd.replace('"111122223333"', '111122223333')),
    );
    expect(error.message).toMatch(/accounts\.0\.id: .*quoted/);
  });

  it('refuses the same account twice, and the bot’s own account', () => {
    const twice = configError(
      withAccounts(
        '  - static: { U0ALICE: alice }',
        `${legacyProd}\n${legacyProd.replace('legacy-prod', 'again')}`,
      ),
    );
    expect(twice.message).toContain('accounts.1.id: names an account listed before it');
    const home = configError(
      withAccounts('  - static: { U0ALICE: alice }', legacyProd.replace('111122223333', '123456789012')),
    );
    expect(home.message).toContain('accounts.0.id: is the bot’s own account');
  });

  it('refuses an account without an external ID', () => {
    const error = configError(
      withAccounts('  - static: { U0ALICE: alice }', '  - { id: "111122223333", name: legacy-prod }'),
    );
    expect(error.message).toContain('accounts.0.externalId: is not set');
  });
});
