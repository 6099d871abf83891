import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BOT_USER_ARN,
  EXTERNAL_ID,
  evaluateAssumeRole,
  memberArn,
  memberDocument,
  mfaContext,
  RUNTIME_SESSION_ARN,
} from '../../test/harness/iam-evaluator.js';
import { memberFileNames, memberRoleNames } from '../lib/member-policies.js';
import { MfaResetBotMemberStack } from '../lib/member-stack.js';
import { acknowledgeMemberNagFindings, addNagChecks, memberAcknowledgements } from '../lib/nag.js';
import { readIamPolicyFile } from '../lib/policies.js';
import { defaultSettings, type StackSettings, settingsFrom } from '../lib/settings.js';
import { policiesOf, resolved, synthesize, TEST_ENV } from './synth.js';

/**
 * The member accounts' stack (MfaResetBotMember, deployed as a StackSet) and the home stack's side
 * of it (the setting memberAccounts): what the templates hold, that the member roles' documents are
 * the files of iam/ with only the documented substitutions, that cdk-nag passes, and, with the
 * policy evaluator, that the home statements open exactly the listed accounts' roles.
 */

function memberTemplate(settings: Partial<StackSettings> = {}): Template {
  const app = new App({ builtinCloudFormationValidation: false });
  // No env: the one template a StackSet deploys to every account and region.
  const stack = new MfaResetBotMemberStack(app, 'MfaResetBotMember', {
    settings: { ...defaultSettings, ...settings },
  });
  return Template.fromStack(stack);
}

type Json = Parameters<typeof resolved>[0];
type Resources = Record<string, { Type: string; Properties: Record<string, Json> }>;

/** The template's values with the parameters put back as the files' placeholders and default names. */
const asInTheFiles = {
  'AWS::AccountId': '*',
  HomeAccountId: memberFileNames.homeAccountId,
  StepUpUserName: memberFileNames.stepUpUserName,
  RuntimeRoleName: memberFileNames.runtimeRoleName,
  ExternalId: memberFileNames.externalId,
};

describe('the member stack (MfaResetBotMember)', () => {
  const template = memberTemplate().toJSON() as {
    Parameters: Record<string, { Default?: string; AllowedPattern?: string }>;
    Resources: Resources;
    Rules?: unknown;
  };
  const resources = Object.entries(template.Resources);
  const role = (name: string) => resources.find(([, r]) => r.Properties.RoleName === name)!;
  const policyOf = (roleId: string) =>
    resources.find(
      ([, r]) =>
        r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === `[{"Ref":"${roleId}"}]`,
    )![1];

  it('holds the two roles under their fixed names, each with one policy, and nothing else', () => {
    expect(resources.map(([, r]) => r.Type).sort()).toEqual([
      'AWS::IAM::Policy',
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::IAM::Role',
    ]);
    expect(role(memberRoleNames.reset)).toBeDefined();
    expect(role(memberRoleNames.reader)).toBeDefined();
  });

  it('takes the home account, the step-up user, the runtime role and the external ID as parameters', () => {
    expect(Object.keys(template.Parameters).sort()).toEqual([
      'ExternalId',
      'HomeAccountId',
      'RuntimeRoleName',
      'StepUpUserName',
    ]);
    expect(template.Parameters.StepUpUserName?.Default).toBe('mfa-reset-bot');
    expect(template.Parameters.RuntimeRoleName?.Default).toBe('mfa-reset-bot-runtime');
    expect(template.Parameters.ExternalId?.Default).toBeUndefined();
    expect(template.Parameters.HomeAccountId?.Default).toBeUndefined();
    const named = memberTemplate({ botUserName: 'ops-mfa' }).toJSON() as typeof template;
    expect(named.Parameters.StepUpUserName?.Default).toBe('ops-mfa');
    expect(named.Parameters.RuntimeRoleName?.Default).toBe('ops-mfa-runtime');
  });

  it('is one template for every account and region: no account, region or bootstrap in it', () => {
    const text = JSON.stringify(template);
    expect(text).not.toMatch(/\d{12}/);
    expect(text).not.toContain(TEST_ENV.region);
    expect(text).not.toContain('BootstrapVersion');
    expect(text).not.toContain('AWS::CDK::Metadata');
    expect(template.Rules).toBeUndefined();
  });

  it.each([
    ['reset', memberRoleNames.reset],
    ['reader', memberRoleNames.reader],
  ] as const)(
    'gives the %s role iam/ files’ trust and permissions, only the placeholders filled in',
    (kind, name) => {
      const [id, resource] = role(name);
      const trust = resolved(resource.Properties.AssumeRolePolicyDocument!, asInTheFiles);
      expect(trust).toEqual(readIamPolicyFile(`member-${kind}-role-trust`));
      const permissions = resolved(policyOf(id).Properties.PolicyDocument!, asInTheFiles);
      expect(permissions).toEqual(readIamPolicyFile(`member-${kind}-role-policy`));
      expect(policyOf(id).Properties.PolicyName).toBe(name);
    },
  );

  it('fills in every placeholder of the files: none is left, and every parameter is used', () => {
    const text = JSON.stringify(template.Resources);
    for (const placeholder of [memberFileNames.homeAccountId, memberFileNames.externalId, 'arn:aws:iam::*:'])
      expect(text).not.toContain(placeholder);
    // The files' default names are left only as the parameters' defaults, never in the documents.
    expect(text).not.toMatch(/(user|mfa)\/mfa-reset-bot\*?"|role\/mfa-reset-bot-runtime"/);
    for (const parameter of Object.keys(template.Parameters))
      expect(text).toContain(`{"Ref":"${parameter}"}`);
  });

  it('carries the protected tag setting into the reset role’s denies', () => {
    const text = JSON.stringify(memberTemplate({ protectedTag: 'no-mfa-reset' }).toJSON());
    expect(text).toContain('aws:ResourceTag/no-mfa-reset');
    expect(text).not.toContain('mfa-reset-protected');
  });

  it('lets a session of the reset role live no longer than an hour (the bot asks for 900 seconds)', () => {
    expect(role(memberRoleNames.reset)[1].Properties.MaxSessionDuration).toBe(3600);
    expect(role(memberRoleNames.reader)[1].Properties.MaxSessionDuration).toBe(3600);
  });
});

describe('the member stack under cdk-nag: AWS Solutions and NIST 800-53 rev 5', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function findings(acknowledged: boolean): Promise<string[]> {
    const outdir = await mkdtemp(join(tmpdir(), 'mfa-reset-member-nag-'));
    dirs.push(outdir);
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new MfaResetBotMemberStack(app, 'Member', { settings: defaultSettings });
    addNagChecks(app);
    if (acknowledged) acknowledgeMemberNagFindings(stack);
    try {
      app.synth();
      return [];
    } catch {
      const report = JSON.parse(await readFile(join(outdir, 'validation-report.json'), 'utf8')) as {
        pluginReports: {
          violations?: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
        }[];
      };
      return report.pluginReports.flatMap((plugin) =>
        (plugin.violations ?? []).flatMap((violation) =>
          violation.violatingConstructs.map(
            (construct) => `${violation.ruleName} @ ${construct.constructPath.replace(/^Member\//, '')}`,
          ),
        ),
      );
    }
  }

  it('finds nothing that is not acknowledged with its reason', async () => {
    expect(await findings(true)).toEqual([]);
  });

  it('acknowledges only what the packs report, each with a reason of its own words', async () => {
    const acknowledged = memberAcknowledgements().map(
      ({ id, path }) => `${id.replace(/^[^:]+::/, '')} @ ${path}`,
    );
    expect((await findings(false)).sort()).toEqual(acknowledged.sort());
    for (const { reason } of memberAcknowledgements()) expect(reason.length).toBeGreaterThan(60);
  });
});

describe('the home stack’s setting memberAccounts', () => {
  const listed = ['210987654321', '345678901234'];
  const unlisted = '999999999999';

  /** The step-up user's and the runtime role's policies as the home stack renders them. */
  function homePolicies(memberAccounts: string) {
    const policies = Object.values(policiesOf(synthesize({ memberAccounts })));
    const document = (name: string) => ({
      Version: '2012-10-17',
      Statement: policies.find((policy) => policy.name === name)!.statements,
    });
    return { stepUp: document('mfa-reset-bot'), runtime: document('mfa-reset-bot-runtime') };
  }

  /** Whether each home identity may assume each member role: the member trust, the home policies. */
  async function decisions(memberAccounts: string, account: string) {
    const { stepUp, runtime } = homePolicies(memberAccounts);
    const reset = await evaluateAssumeRole({
      principal: BOT_USER_ARN,
      roleArn: memberArn.role('reset', account),
      trust: memberDocument('member-reset-role-trust'),
      externalId: EXTERNAL_ID,
      context: mfaContext('session with MFA'),
      documents: { stepUp },
    });
    const reader = await evaluateAssumeRole({
      principal: RUNTIME_SESSION_ARN,
      roleArn: memberArn.role('reader', account),
      trust: memberDocument('member-reader-role-trust'),
      externalId: EXTERNAL_ID,
      documents: { runtime },
    });
    return { reset, reader };
  }

  it.each(listed)('opens the roles of listed account %s', async (account) => {
    expect(await decisions(listed.join(','), account)).toEqual({ reset: 'Allowed', reader: 'Allowed' });
  });

  it('opens no role of an account it does not list, though its trust would let the bot in', async () => {
    // (In the home account itself a trust that names the caller is enough on its own: AWS asks the
    // caller's policies only across accounts. The stack deploys no member role there.)
    const { reset, reader } = await decisions(listed.join(','), unlisted);
    expect(reset).not.toBe('Allowed');
    expect(reader).not.toBe('Allowed');
  });

  it('leaves the statements out when empty (the default): no role of any account', async () => {
    const { stepUp, runtime } = homePolicies('');
    expect(JSON.stringify([stepUp, runtime])).not.toContain('sts:AssumeRole');
    const { reset, reader } = await decisions('', listed[0]!);
    expect(reset).not.toBe('Allowed');
    expect(reader).not.toBe('Allowed');
  });

  it('still needs the approver’s MFA for the reset role of a listed account', async () => {
    const { stepUp } = homePolicies(listed[0]!);
    const trustTheHomeAccount = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${TEST_ENV.account}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    const assume = (credentials: Parameters<typeof mfaContext>[0]) =>
      evaluateAssumeRole({
        principal: BOT_USER_ARN,
        roleArn: memberArn.role('reset', listed[0]),
        trust: trustTheHomeAccount,
        context: mfaContext(credentials),
        documents: { stepUp },
      });
    expect(await assume('session with MFA')).toBe('Allowed');
    expect(await assume('long-term key')).not.toBe('Allowed');
  });

  it('names the runtime role what the member trust names by default', () => {
    const roles = synthesize().findResources('AWS::IAM::Role');
    const names = Object.values(roles).map((r) => (r.Properties as { RoleName?: string }).RoleName);
    expect(names).toContain(memberFileNames.runtimeRoleName);
  });

  it.each([
    ['12345678901'],
    ['1234567890123'],
    ['210987654321;345678901234'],
    ['210987654321,210987654321'],
    ['arn:aws:iam::210987654321:root'],
  ])('refuses memberAccounts=%s with a message that names it', (value) => {
    expect(() => settingsFrom((key) => (key === 'memberAccounts' ? value : undefined))).toThrow(
      /memberAccounts: .* is not comma-separated 12-digit AWS account IDs/,
    );
  });

  it('accepts IDs with blanks around them, and none', () => {
    const read = (value: string) => settingsFrom((key) => (key === 'memberAccounts' ? value : undefined));
    expect(read(' 210987654321 , 345678901234 ').memberAccounts).toBe(' 210987654321 , 345678901234 ');
    expect(read('').memberAccounts).toBe('');
  });
});
