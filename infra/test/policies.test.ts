import { describe, expect, it } from 'vitest';
import { fileNames, type IamPolicyFile, memberRoleStatements, readIamPolicyFile } from '../lib/policies.js';
import { asList, policiesOf, resolved, synthesize, TEST_ENV } from './synth.js';

/**
 * One source for each policy: the stack's IAM policies are the documents of iam/, with only the
 * names and the pinned account and region changed, and the statements into the member accounts'
 * roles pinned to the accounts of `memberAccounts` (left out without any). Undoing exactly those
 * changes must give back each file as it is.
 */

const files: Record<string, IamPolicyFile> = {
  'mfa-reset-bot': 'mfa-reset-bot-policy',
  'mfa-reset-bot-runtime': 'runtime-policy',
  'mfa-reset-bot-dynamodb': 'dynamodb-policy',
  'mfa-reset-bot-audit-reader': 'audit-reader-policy',
  'mfa-reset-bot-anchors': 'anchors-policy',
  AnchorsBucketPolicy: 'anchors-bucket-policy',
};

/** The stack's text with the test account and region turned back into the files' wildcards. */
function unpinned(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value)
      .replaceAll(`arn:aws:iam::${TEST_ENV.account}:`, 'arn:aws:iam::*:')
      .replaceAll(`arn:aws:dynamodb:${TEST_ENV.region}:${TEST_ENV.account}:`, 'arn:aws:dynamodb:*:*:'),
  );
}

type FileStatement = { Sid?: string; Resource?: unknown };
const isMemberStatement = (statement: FileStatement) =>
  (memberRoleStatements as readonly (string | undefined)[]).includes(statement.Sid);

/** The member statements' per-account role ARNs turned back into the files' one wildcard ARN. */
function unpinnedMembers(statements: unknown, accounts: readonly string[]): unknown {
  return (statements as FileStatement[]).map((statement) => {
    if (!isMemberStatement(statement)) return statement;
    const resources = statement.Resource as string[];
    const roles = new Set(resources.map((arn) => arn.replace(/^arn:aws:iam::\d{12}:/, 'arn:aws:iam::*:')));
    expect(resources.map((arn) => arn.split(':')[4])).toEqual(accounts);
    expect(roles.size).toBe(1);
    return { ...statement, Resource: [...roles][0] };
  });
}

describe('the stack’s IAM policies', () => {
  const template = synthesize();
  // The bucket is named by CloudFormation; the files call it by their default name.
  const [bucket] = Object.keys(template.findResources('AWS::S3::Bucket'));
  const policies = Object.entries(policiesOf(template, { [bucket!]: fileNames.anchorsBucket })).map(
    ([id, policy]) => ({
      ...policy,
      name: id.startsWith('AnchorsBucketPolicy') ? 'AnchorsBucketPolicy' : policy.name,
    }),
  );

  it.each(Object.entries(files))('%s is iam/%s.json as it is, pinned to the account', (policyName, file) => {
    const policy = policies.find((candidate) => candidate.name === policyName);
    expect(policy, `no policy named ${policyName}`).toBeDefined();
    const fromFile = readIamPolicyFile(file) as { Statement: FileStatement[] };
    // Without member accounts, the statements into their roles are left out, and only they.
    expect(unpinned(policy!.statements)).toEqual(
      fromFile.Statement.filter((statement) => !isMemberStatement(statement)),
    );
  });

  it('pins the statements into the member accounts’ roles to exactly the accounts of memberAccounts', () => {
    const accounts = ['111111111111', '222222222222'];
    const withMembers = Object.values(policiesOf(synthesize({ memberAccounts: accounts.join(', ') })));
    for (const [name, file] of [
      ['mfa-reset-bot', 'mfa-reset-bot-policy'],
      ['mfa-reset-bot-runtime', 'runtime-policy'],
    ] as const) {
      const policy = withMembers.find((candidate) => candidate.name === name)!;
      const fromFile = readIamPolicyFile(file) as { Statement: FileStatement[] };
      expect(fromFile.Statement.filter(isMemberStatement)).toHaveLength(1);
      expect(unpinnedMembers(unpinned(policy.statements), accounts)).toEqual(fromFile.Statement);
    }
  });

  it('pins every ARN to the stack’s own account (the table’s to its region, the bucket’s to the stack’s bucket)', () => {
    const resources = policies
      .filter((policy) => Object.keys(files).includes(policy.name))
      .flatMap((policy) => policy.statements.flatMap((statement) => asList(statement.Resource)));
    for (const resource of resources) {
      if (resource === '*') continue;
      expect(String(resource)).toMatch(
        // S3 ARNs hold no account (bucket names are global): the stack's own bucket, by reference.
        new RegExp(
          `^arn:aws:(iam::${TEST_ENV.account}:|dynamodb:${TEST_ENV.region}:${TEST_ENV.account}:|s3:::${fileNames.anchorsBucket}(/|$))`,
        ),
      );
    }
  });

  it('carries the stack’s own names into ARNs and the protected tag’s condition key', () => {
    const custom = synthesize({
      botUserName: 'ops-mfa',
      tableName: 'ops-audit',
      protectedTag: 'no-mfa-reset',
    });
    const text = JSON.stringify(resolved(JSON.parse(JSON.stringify(policiesOf(custom)))));
    expect(text).toContain(`arn:aws:iam::${TEST_ENV.account}:user/ops-mfa"`);
    expect(text).toContain(`arn:aws:iam::${TEST_ENV.account}:mfa/ops-mfa*`);
    expect(text).toContain(`table/ops-audit"`);
    expect(text).toContain('aws:ResourceTag/no-mfa-reset');
    for (const old of Object.values(fileNames)) expect(text).not.toContain(`/${old}`);
  });
});
