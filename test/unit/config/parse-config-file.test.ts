import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../../src/config/load.js';
import { configFileError, designExampleYaml, minimalYaml } from '../fakes/config-fixtures.js';

const source = '/srv/bot/mfa-reset.yaml';

const policyError = (text: string) => configFileError(text, source);

/** The minimal policy with `from` replaced by `to`. */
function minimalWith(from: string, to: string): string {
  if (!minimalYaml.includes(from)) throw new Error(`The minimal policy has no "${from}"`);
  return minimalYaml.replace(from, to);
}

describe('parseConfigFile', () => {
  it('fills in the secure defaults for everything a minimal file leaves out', () => {
    expect(parseConfigFile(minimalYaml, source)).toEqual({
      slack: { approvalChannel: 'C0APPROVALS' },
      approvers: {
        users: ['U0APPROVER'],
        userGroups: [],
        minApprovals: 1,
        mfaDevices: {},
        lockout: { maxFailures: 5, windowMinutes: 15 },
      },
      auditors: { users: [], userGroups: [] },
      helpdesk: { users: [], userGroups: [] },
      aws: {
        botMfaSerial: 'arn:aws:iam::123456789012:mfa/mfa-reset-bot',
        botUserName: 'mfa-reset-bot',
        stepUp: 'always',
        deleteVirtualDevices: true,
      },
      mapping: [{ static: { U0ALICE: 'alice' } }],
      protect: { users: [] },
      accounts: [],
      rules: [],
      requests: {
        ttlMinutes: 60,
        reasonMinLength: 10,
        maxTokenAttempts: 3,
        maxResetsPerTargetPerDay: 3,
        remindAfterMinutes: 30,
        commandsPerMinute: 20,
        enrolWithinHours: 24,
      },
      audit: { table: 'mfa-reset-audit', cloudtrailRegion: 'us-east-1' },
    });
  });

  it('accepts the documented example', () => {
    expect(() => parseConfigFile(designExampleYaml, source)).not.toThrow();
  });

  it('accepts approvers’ own devices instead of a shared botMfaSerial', () => {
    const policy = parseConfigFile(
      `
slack: { approvalChannel: C0APPROVALS }
approvers:
  users: [U0APPROVER]
  mfaDevices: { U0APPROVER: "arn:aws:iam::123456789012:mfa/bot-ann" }
mapping:
  - static: { U0ALICE: alice }
`,
      source,
    );
    expect(policy.approvers.mfaDevices).toEqual({ U0APPROVER: 'arn:aws:iam::123456789012:mfa/bot-ann' });
    expect(policy.aws.botMfaSerial).toBeUndefined();
  });

  it('names an unknown top-level key', () => {
    const error = policyError(`${minimalYaml}approver: { users: [U0BOB] }\n`);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`Invalid configuration in ${source}`);
    expect(error.message).toContain('  - approver: unknown key');
  });

  it('names an unknown nested key with its full path', () => {
    const error = policyError(minimalWith('aws: { botMfaSerial', 'aws: { stepup: always, botMfaSerial'));
    expect(error.message).toContain('  - aws.stepup: unknown key');
  });

  it.each(['0', '6', '1.5', 'two'])('refuses minApprovals: %s, naming approvers.minApprovals', (value) => {
    const error = policyError(
      minimalWith(
        'approvers: { users: [U0APPROVER] }',
        `approvers: { users: [U0APPROVER], minApprovals: ${value} }`,
      ),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('  - approvers.minApprovals: ');
  });

  it('reads approvers.lockout and requests.maxResetsPerTargetPerDay', () => {
    const policy = parseConfigFile(
      minimalWith(
        'approvers: { users: [U0APPROVER] }',
        'approvers: { users: [U0APPROVER], lockout: { maxFailures: 3, windowMinutes: 60 } }\nrequests: { maxResetsPerTargetPerDay: 1 }',
      ),
      source,
    );
    expect(policy.approvers.lockout).toEqual({ maxFailures: 3, windowMinutes: 60 });
    expect(policy.requests.maxResetsPerTargetPerDay).toBe(1);
  });

  it.each([
    ['approvers: { users: [U0APPROVER], lockout: { maxFailures: 0 } }', 'approvers.lockout.maxFailures'],
    ['approvers: { users: [U0APPROVER], lockout: { windowMinutes: 0 } }', 'approvers.lockout.windowMinutes'],
    ['approvers: { users: [U0APPROVER], lockout: { maxFailure: 5 } }', 'approvers.lockout.maxFailure'],
    [
      'approvers: { users: [U0APPROVER] }\nrequests: { maxResetsPerTargetPerDay: 0 }',
      'requests.maxResetsPerTargetPerDay',
    ],
  ])('refuses %s, naming %s', (replacement, key) => {
    const error = policyError(minimalWith('approvers: { users: [U0APPROVER] }', replacement));
    expect(error.message).toContain(`  - ${key}: `);
  });

  it.each(['"#approvals"', 'approvals', 'U0APPROVALS'])('refuses the approval channel %s', (channel) => {
    const error = policyError(minimalWith('C0APPROVALS', channel));
    expect(error.message).toContain(
      '  - slack.approvalChannel: must be a Slack channel ID such as C012ABCDEF',
    );
  });

  it('refuses a FIDO key as botMfaSerial: STS cannot use it', () => {
    const error = policyError(
      minimalWith(
        'arn:aws:iam::123456789012:mfa/mfa-reset-bot',
        'arn:aws:iam::123456789012:u2f/user/bot/key-ABCDEF',
      ),
    );
    expect(error.message).toContain('  - aws.botMfaSerial: FIDO security keys cannot be used with STS');
  });

  it('refuses a FIDO key as an approver’s own device', () => {
    const error = policyError(
      minimalWith(
        'approvers: { users: [U0APPROVER] }',
        'approvers: { users: [U0APPROVER], mfaDevices: { U0APPROVER: "arn:aws:iam::123456789012:u2f/user/bot/k1" } }',
      ),
    );
    expect(error.message).toContain('  - approvers.mfaDevices.U0APPROVER: FIDO security keys cannot be used');
  });

  it('refuses a mapping item with two strategies, naming the item', () => {
    const error = policyError(
      minimalWith(
        '  - static: { U0ALICE: alice }',
        '  - static: { U0ALICE: alice }\n    tag: { key: slack-user-id }',
      ),
    );
    expect(error.message).toContain(
      '  - mapping.0: each mapping item must have exactly one of static, email or tag',
    );
  });

  it('refuses a mapping item with no strategy', () => {
    const error = policyError(
      minimalWith('  - static: { U0ALICE: alice }', '  - static: { U0ALICE: alice }\n  - {}'),
    );
    expect(error.message).toContain('  - mapping.1: each mapping item must have exactly one');
  });

  it('refuses an empty mapping list', () => {
    const error = policyError(minimalWith('mapping:\n  - static: { U0ALICE: alice }', 'mapping: []'));
    expect(error.message).toContain('  - mapping: add at least one mapping rule');
  });

  it('refuses static rules that give one IAM user to two members, whatever the case of the name', () => {
    const error = policyError(
      minimalWith(
        '  - static: { U0ALICE: alice }',
        '  - static: { U0ALICE: alice }\n  - static: { U0ALICE2: Alice }',
      ),
    );
    expect(error.message).toContain(
      '  - mapping: static rules give the IAM user alice to U0ALICE and U0ALICE2: one Slack member per IAM user',
    );
  });

  it('names a static mapping key that is not a Slack user ID', () => {
    const error = policyError(minimalWith('U0ALICE: alice', 'alice: alice'));
    expect(error.message).toContain('  - mapping.0.static.alice: must be a Slack user ID such as U012ABCDEF');
  });

  it('names a static mapping value that is not an IAM user name', () => {
    const error = policyError(minimalWith('U0ALICE: alice', 'U0ALICE: "alice smith"'));
    expect(error.message).toContain('  - mapping.0.static.U0ALICE: must be an IAM user name');
  });

  it('refuses an e-mail template without a placeholder', () => {
    const error = policyError(
      minimalWith('  - static: { U0ALICE: alice }', '  - email: { template: alice }'),
    );
    expect(error.message).toContain(
      '  - mapping.0.email.template: must contain one of {localPart}, {domain}, {email}',
    );
  });

  it('refuses a policy without approvers', () => {
    const error = policyError(minimalWith('approvers: { users: [U0APPROVER] }', 'approvers: { users: [] }'));
    expect(error.message).toContain('name at least one approver in approvers.users or approvers.userGroups');
  });

  it('refuses a policy with neither botMfaSerial nor approvers’ own devices', () => {
    const error = policyError(
      minimalWith('aws: { botMfaSerial: "arn:aws:iam::123456789012:mfa/mfa-reset-bot" }', ''),
    );
    expect(error.message).toContain(
      '  - aws.botMfaSerial: set aws.botMfaSerial or give approvers their own devices in approvers.mfaDevices',
    );
  });

  it('refuses an unknown stepUp mode', () => {
    const error = policyError(minimalWith('aws: { botMfaSerial', 'aws: { stepUp: sometimes, botMfaSerial'));
    expect(error.message).toContain('  - aws.stepUp: ');
  });

  it('refuses the retired stepUp: when-required in one line naming the key, the value and what to set', () => {
    const error = policyError(
      minimalWith('aws: { botMfaSerial', 'aws: { stepUp: when-required, botMfaSerial'),
    );
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(error.message.split('\n').filter((line) => line.startsWith('  - '))).toEqual([
      '  - aws.stepUp: is "when-required", which this version no longer offers: set always, or remove the key (always is the default)',
    ]);
  });

  it('accepts stepUp: always, and takes it when the key is absent', () => {
    const named = parseConfigFile(
      minimalWith('aws: { botMfaSerial', 'aws: { stepUp: always, botMfaSerial'),
      source,
    );
    expect(named.aws.stepUp).toBe('always');
    expect(parseConfigFile(minimalYaml, source).aws.stepUp).toBe('always');
  });

  it('names every required section an empty file lacks, and what to put there', () => {
    const error = policyError('');
    expect(error.message).toContain('  - slack: is not set: add a slack section with approvalChannel');
    expect(error.message).toContain(
      '  - approvers: is not set: add users (Slack user IDs) and/or userGroups',
    );
    expect(error.message).toContain('  - mapping: is not set: add a list of mapping rules');
  });

  it('says what to set when approvalChannel is missing', () => {
    const error = policyError(minimalWith('slack: { approvalChannel: C0APPROVALS }', 'slack: {}'));
    expect(error.message).toContain('  - slack.approvalChannel: is not set: set it to the ID of the channel');
  });

  it('lists every bad key at once, one per line', () => {
    const error = policyError(
      minimalWith('C0APPROVALS', 'approvals').replace('U0ALICE: alice', 'alice: alice'),
    );
    expect(error.message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(2);
  });

  it.each([
    ['6', 'is 6, out of range: set a whole number from 1 to 5'],
    ['0', 'is 0, out of range: set a whole number from 1 to 5'],
    ['1.5', 'is 1.5, not a whole number: set a whole number'],
    ['two', 'is "two", not a number: set a number'],
  ])('says what minApprovals: %s is and what to set instead', (value, words) => {
    const error = policyError(
      minimalWith(
        'approvers: { users: [U0APPROVER] }',
        `approvers: { users: [U0APPROVER], minApprovals: ${value} }`,
      ),
    );
    expect(error.message).toContain(`  - approvers.minApprovals: ${words}\n`.trimEnd());
  });

  it('names the given value and the allowed ones for a wrong type, list or choice, never in zod’s words', () => {
    const error = policyError(
      `${minimalWith('aws: { botMfaSerial', 'aws: { stepUp: sometimes, deleteVirtualDevices: "yes", botMfaSerial')}` +
        'protect: { users: admin-*, tag: "" }\nrequests: { ttlMinutes: 3 }\n',
    );
    const lines = error.message.split('\n').filter((line) => line.startsWith('  - '));
    expect(lines).toEqual([
      '  - aws.stepUp: is "sometimes": set always',
      '  - aws.deleteVirtualDevices: is "yes", not true or false: set true or false',
      '  - protect.users: is "admin-*", not a list, such as [a, b]: set a list, such as [a, b]',
      '  - protect.tag: is empty: set a value',
      '  - requests.ttlMinutes: is 3, out of range: set a whole number from 5 to 10080',
    ]);
    expect(error.message).not.toMatch(/Invalid input|Invalid option|Too (big|small)|expected/);
  });

  it('suggests the nearest known key of the same section for a misspelt key', () => {
    const error = policyError(
      `${minimalWith('slack: {', 'slack: { approvalChanel: C0X,')}` +
        'requests: { reasonMinLenght: 20, ttlminutes: 30 }\napprover: {}\n',
    );
    expect(error.message).toContain('  - slack.approvalChanel: unknown key: did you mean approvalChannel?');
    expect(error.message).toContain(
      '  - requests.reasonMinLenght: unknown key: did you mean reasonMinLength?',
    );
    expect(error.message).toContain('  - requests.ttlminutes: unknown key: did you mean ttlMinutes?');
    expect(error.message).toContain('  - approver: unknown key: did you mean approvers?');
  });

  it('lists the keys of the section when no known key is near, also inside a mapping item', () => {
    const error = policyError(
      `${minimalYaml}colour: blue\n`.replace('- static:', '- static_rules: {}\n  - static:'),
    );
    expect(error.message).toContain(
      '  - colour: unknown key: the keys here are slack, approvers, auditors, helpdesk, aws, mapping, protect, accounts, rules, requests, audit',
    );
    expect(error.message).toContain(
      '  - mapping.0.static_rules: unknown key: the keys here are static, email, tag',
    );
  });

  it('stops on text that is not YAML, naming the file', () => {
    const error = policyError('slack: [');
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`${source} is not valid YAML`);
  });
});
