import { describe, expect, it } from 'vitest';
import { type StartedBot, startupFacts } from '../../src/startup.js';
import { VERSION } from '../../src/version.js';

const started: StartedBot = {
  mode: 'http',
  port: 3000,
  table: 'mfa-reset-audit',
  mfaSerials: [undefined, 'arn:aws:iam::123456789012:mfa/erin'],
  slackTeam: 'T0FAKETEAM',
  stepUpKey: 'environment',
};

describe('the start line’s facts', () => {
  it('say which bot runs, how, where it writes and in which account it resets', () => {
    expect(startupFacts(started)).toEqual({
      version: VERSION,
      mode: 'http',
      port: 3000,
      table: 'mfa-reset-audit',
      account: '123456789012',
      slackTeam: 'T0FAKETEAM',
      stepUpKey: 'environment',
    });
  });

  it('list the member accounts by name and ID, in the config file’s order, from the configuration alone', () => {
    const facts = startupFacts({
      ...started,
      accounts: [
        { id: '111122223333', name: 'legacy-prod' },
        { id: '444455556666', name: 'data' },
      ],
    });
    expect(facts.accounts).toEqual(['legacy-prod (111122223333)', 'data (444455556666)']);
  });

  it('leave the accounts out when the config file lists none (the home account only)', () => {
    expect(startupFacts({ ...started, accounts: [] })).not.toHaveProperty('accounts');
    expect(startupFacts(started)).not.toHaveProperty('accounts');
  });

  it('carry nothing of a member account but its name and ID (no external ID, no role)', () => {
    const account = {
      id: '111122223333',
      name: 'legacy-prod',
      externalId: 'mfa-reset-7f3a',
      readRoleArn: 'arn:aws:iam::111122223333:role/mfa-reset-bot-reader',
    };
    const text = JSON.stringify(startupFacts({ ...started, accounts: [account] }));
    expect(text).not.toContain('mfa-reset-7f3a');
    expect(text).not.toContain('role/');
  });
});
