import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const infra = new URL('../', import.meta.url).pathname;

/** `npm run synth` as an operator runs it: offline, with the CDK's CloudFormation validation on. */
async function synth(args: string[], outdir: string) {
  return run(process.execPath, ['--import', 'tsx', 'bin/app.ts', ...args], {
    cwd: infra,
    env: { ...process.env, CDK_OUTDIR: outdir },
  });
}

describe('npm run synth', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const outdir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-reset-infra-'));
    dirs.push(dir);
    return dir;
  };

  it('writes a template that CloudFormation validation finds nothing wrong with', async () => {
    const dir = await outdir();
    const { stdout } = await synth(['-c', 'stackName=MfaResetBot'], dir);
    expect(stdout).toContain('MfaResetBot.template.json');
    const report = JSON.parse(await readFile(join(dir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations?: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations ?? [])).toEqual([]);
    const template = JSON.parse(await readFile(join(dir, 'MfaResetBot.template.json'), 'utf8'));
    expect(Object.keys(template.Resources).length).toBeGreaterThan(10);
    // Small enough for `aws cloudformation deploy` without an S3 bucket (51,200 bytes).
    expect(JSON.stringify(template).length).toBeLessThan(51_200);
  }, 180_000);

  it('stops with exit code 1 and names a bad setting', async () => {
    const failure = await synth(['-c', 'protectedTag=aws:bad'], await outdir()).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('protectedTag');
  }, 120_000);
});
