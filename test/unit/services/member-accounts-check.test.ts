import { describe, expect, it } from 'vitest';
import { ResetError } from '../../../src/domain/errors.js';
import { ACCOUNT_REACHABLE, reportMemberAccountReach } from '../../../src/services/member-accounts-check.js';
import { RecordingLogger } from '../fakes/recording-logger.js';

const legacy = {
  id: '111122223333',
  name: 'legacy-prod',
  readRoleArn: 'arn:aws:iam::111122223333:role/mfa-reset-bot-reader',
};
const data = {
  id: '444455556666',
  name: 'data',
  readRoleArn: 'arn:aws:iam::444455556666:role/mfa-reset-bot-reader',
};

/** An IAM adapter whose accounts answer as given: nothing (reachable) or the error thrown. */
function reach(answers: Record<string, unknown>) {
  const asked: string[] = [];
  return {
    asked,
    checkAccount: async (accountId: string) => {
      asked.push(accountId);
      if (answers[accountId] !== undefined) throw answers[accountId];
    },
  };
}

describe('the member accounts’ reach at start-up', () => {
  it('logs one line per account: reachable at info, refused at warn with the code and what to fix', async () => {
    const logger = new RecordingLogger();
    const refused = new ResetError('MEMBER_ROLE_REFUSED', 'sts:AssumeRole failed.', {
      details: { accountId: data.id, roleArn: data.readRoleArn, operation: 'sts:AssumeRole' },
    });
    const iam = reach({ [data.id]: refused });
    const found = await reportMemberAccountReach({ iam, accounts: [legacy, data], logger });

    expect(iam.asked).toEqual([legacy.id, data.id]);
    expect(found).toEqual([
      { accountId: legacy.id, reachable: true },
      { accountId: data.id, reachable: false, code: 'MEMBER_ROLE_REFUSED' },
    ]);
    expect(logger.at('info')).toEqual([
      {
        level: 'info',
        fields: { accountId: legacy.id, accountName: 'legacy-prod' },
        message: ACCOUNT_REACHABLE,
      },
    ]);
    const [warning] = logger.at('warn');
    expect(warning?.fields).toMatchObject({
      accountId: data.id,
      accountName: 'data',
      code: 'MEMBER_ROLE_REFUSED',
      roleArn: data.readRoleArn,
    });
    expect(warning?.message).toMatch(/^member account unreachable: AWS refused the bot its role/);
    expect(warning?.message).toContain(`check that ${data.readRoleArn} exists and its trust policy`);
  });

  it('does not throw for an error it does not know: INTERNAL, with the role it tried', async () => {
    const logger = new RecordingLogger();
    const iam = reach({ [legacy.id]: new Error('socket hang up') });
    const found = await reportMemberAccountReach({ iam, accounts: [legacy], logger });
    expect(found).toEqual([{ accountId: legacy.id, reachable: false, code: 'INTERNAL' }]);
    expect(logger.at('warn')[0]?.fields).toMatchObject({ code: 'INTERNAL', roleArn: legacy.readRoleArn });
    expect(logger.at('warn')[0]?.message).not.toContain('socket hang up');
  });

  it('asks nothing and logs nothing when the config file lists no member account', async () => {
    const logger = new RecordingLogger();
    const iam = reach({});
    expect(await reportMemberAccountReach({ iam, accounts: [], logger })).toEqual([]);
    expect(iam.asked).toEqual([]);
    expect(logger.entries).toEqual([]);
  });
});
