import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHECKOUT,
  documentedCommand,
  runDocumented,
} from '../../test/integration/docs/documented-commands.js';

const infra = join(CHECKOUT, 'infra');
const outdir = join(infra, 'cdk.out');
/** As an operator's shell has it: no CDK_OUTDIR (a test runner's own would redirect the output). */
const operatorEnv = { CDK_OUTDIR: undefined };

async function templateIn(dir: string, stackName = 'MfaResetBot') {
  const report = JSON.parse(await readFile(join(dir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations?: unknown[] }[];
  };
  const template = JSON.parse(await readFile(join(dir, `${stackName}.template.json`), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  return { violations: report.pluginReports.flatMap((plugin) => plugin.violations ?? []), template };
}

// The commands run one after the other: each writes infra/cdk.out, as the docs say.
describe('npm run synth', () => {
  it('from the checkout root writes infra/cdk.out/MfaResetBot.template.json, which CloudFormation validation passes', async () => {
    const result = await runDocumented(documentedCommand('docs/aws-setup.md', 'npm run synth'), {
      env: operatorEnv,
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('MfaResetBot: cdk.out/MfaResetBot.template.json');
    const { violations, template } = await templateIn(outdir);
    expect(violations).toEqual([]);
    expect(Object.keys(template.Resources).length).toBeGreaterThan(10);
    // Small enough for `aws cloudformation deploy` without an S3 bucket (51,200 bytes).
    expect(JSON.stringify(template).length).toBeLessThan(51_200);
    // The member accounts' template, for `aws cloudformation create-stack-set --template-body file://…`.
    expect(result.stdout).toContain('MfaResetBotMember: cdk.out/MfaResetBotMember.template.json');
    const member = (await templateIn(outdir, 'MfaResetBotMember')).template;
    expect(
      Object.values(member.Resources).filter((resource) => resource.Type === 'AWS::IAM::Role'),
    ).toHaveLength(2);
    expect(JSON.stringify(member).length).toBeLessThan(51_200);
  }, 180_000);

  it('from infra/ does the same', async () => {
    const result = await runDocumented(documentedCommand('infra/README.md', 'npm run synth'), {
      cwd: infra,
      env: operatorEnv,
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('MfaResetBot: cdk.out/MfaResetBot.template.json');
    expect((await templateIn(outdir)).violations).toEqual([]);
  }, 180_000);

  it('passes the settings given with -c into the template', async () => {
    const command = documentedCommand(
      'docs/aws-setup.md',
      'npm run synth -- -c tableName=ops-mfa-audit -c protectedTag=no-mfa-reset',
    );
    const result = await runDocumented(command, { env: operatorEnv });
    expect(result.code).toBe(0);
    const text = await readFile(join(outdir, 'MfaResetBot.template.json'), 'utf8');
    const tables = Object.values(JSON.parse(text).Resources as Record<string, { Type: string }>).filter(
      (resource) => resource.Type === 'AWS::DynamoDB::Table',
    );
    expect(tables).toMatchObject([{ Properties: { TableName: 'ops-mfa-audit' } }]);
    expect(text).toContain('aws:ResourceTag/no-mfa-reset');
    expect(text).not.toContain('mfa-reset-protected');
  }, 180_000);

  it('stops with exit code 1 and names a bad setting', async () => {
    const result = await runDocumented('npm run synth -- -c protectedTag=aws:bad', { env: operatorEnv });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('protectedTag');
  }, 180_000);
});
