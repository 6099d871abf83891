import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { acknowledgementsOf, acknowledgeNagFindings, addNagChecks } from '../lib/nag.js';
import { defaultSettings, type StackSettings } from '../lib/settings.js';
import { MfaResetBotStack } from '../lib/stack.js';
import { TEST_ENV } from './synth.js';

interface Report {
  pluginReports: {
    pluginName: string;
    violations?: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Synthesizes the stack held to both packs; returns each finding as `Pack::Rule @ path`. */
async function findings(options: {
  acknowledged: boolean;
  env?: typeof TEST_ENV;
  settings?: StackSettings;
}): Promise<string[]> {
  const settings = options.settings ?? defaultSettings;
  const outdir = await mkdtemp(join(tmpdir(), 'mfa-reset-nag-'));
  dirs.push(outdir);
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const stack = new MfaResetBotStack(app, 'Nag', { settings, env: options.env });
  addNagChecks(app);
  if (options.acknowledged) acknowledgeNagFindings(stack, settings);
  try {
    app.synth();
    return [];
  } catch {
    const report = JSON.parse(await readFile(join(outdir, 'validation-report.json'), 'utf8')) as Report;
    return report.pluginReports.flatMap((plugin) =>
      (plugin.violations ?? []).flatMap((violation) =>
        violation.violatingConstructs.map(
          (construct) =>
            `${plugin.pluginName}::${violation.ruleName} @ ${construct.constructPath.replace(/^Nag\//, '')}`,
        ),
      ),
    );
  }
}

describe('cdk-nag: AWS Solutions and NIST 800-53 rev 5', () => {
  it('finds nothing in the stack that is not acknowledged with its reason', async () => {
    expect(await findings({ acknowledged: true, env: TEST_ENV })).toEqual([]);
  });

  it('finds nothing either in the stack as npm run synth builds it, for any account and region', async () => {
    expect(await findings({ acknowledged: true })).toEqual([]);
  });

  it('finds nothing either with the reset boundary drawn and the anchors bucket named', async () => {
    const settings = {
      ...defaultSettings,
      protectedUsers: 'admin-*',
      resettablePath: '/staff/',
      anchorsBucket: 'example-mfa-reset-anchors',
    };
    expect(await findings({ acknowledged: true, env: TEST_ENV, settings })).toEqual([]);
  });

  it('acknowledges only what the packs report: each acknowledgement is a finding without it', async () => {
    const stack = new MfaResetBotStack(new App(), 'Nag', { settings: defaultSettings, env: TEST_ENV });
    const acknowledged = acknowledgementsOf(stack, defaultSettings).map(({ id, path }) => `${id} @ ${path}`);
    expect((await findings({ acknowledged: false, env: TEST_ENV })).sort()).toEqual(acknowledged.sort());
  });

  it('gives every acknowledgement a reason of its own words', () => {
    const stack = new MfaResetBotStack(new App(), 'Nag', { settings: defaultSettings, env: TEST_ENV });
    for (const { reason } of acknowledgementsOf(stack, defaultSettings))
      expect(reason.length).toBeGreaterThan(60);
  });
});
