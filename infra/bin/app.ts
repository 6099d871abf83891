import { App } from 'aws-cdk-lib';
import { MfaResetBotMemberStack } from '../lib/member-stack.js';
import { acknowledgeMemberNagFindings, acknowledgeNagFindings, addNagChecks } from '../lib/nag.js';
import { settingsFrom } from '../lib/settings.js';
import { MfaResetBotStack } from '../lib/stack.js';

/**
 * The CDK app: `npm run synth` (or `npx cdk synth`) writes the CloudFormation templates to cdk.out/:
 * the home stack's and the member accounts' (MfaResetBotMember, deployed as a StackSet).
 * Settings come as CDK context: `-c botUserName=…` here or with the CDK CLI, or in cdk.json.
 */
function contextFromArguments(args: readonly string[]): Record<string, string> {
  const context: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] !== '-c' && args[i] !== '--context') continue;
    const [key, ...value] = (args[i + 1] ?? '').split('=');
    if (key) context[key] = value.join('=');
    i += 1;
  }
  return context;
}

try {
  const app = new App({
    outdir: process.env.CDK_OUTDIR ?? 'cdk.out',
    // CloudFormation Validate (built into the CDK, offline) fails the synth on any finding, warnings too.
    context: {
      '@aws-cdk/core:validateAgainstDefaultRules': true,
      '@aws-cdk/core:strictCfnValidateErrors': true,
      ...contextFromArguments(process.argv.slice(2)),
    },
  });
  const settings = settingsFrom((key) => app.node.tryGetContext(key));
  const stackName = String(app.node.tryGetContext('stackName') ?? 'MfaResetBot');
  const stack = new MfaResetBotStack(app, stackName, { settings });
  // The member accounts' roles, one template for all of them: a StackSet (docs/aws-setup.md).
  const member = new MfaResetBotMemberStack(app, 'MfaResetBotMember', { settings });
  // cdk-nag's AWS Solutions and NIST 800-53 rev 5 packs: any finding not acknowledged in
  // lib/nag.ts fails the synth, like a CloudFormation validation finding.
  addNagChecks(app);
  acknowledgeNagFindings(stack, settings);
  acknowledgeMemberNagFindings(member);
  const assembly = app.synth();
  for (const stack of assembly.stacks)
    process.stdout.write(`${stack.stackName}: ${assembly.directory}/${stack.templateFile}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
