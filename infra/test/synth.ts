import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { defaultSettings, type StackSettings } from '../lib/settings.js';
import { MfaResetBotStack } from '../lib/stack.js';

/** The stack synthesized for tests, in a fixed account and region so ARNs come out as plain text. */
export const TEST_ENV = { account: '123456789012', region: 'eu-west-1' } as const;

export function synthesize(settings: Partial<StackSettings> = {}): Template {
  // CloudFormation Validate runs once, in synth.test.ts; here it would only cost seconds per synth.
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new MfaResetBotStack(app, 'Test', {
    settings: { ...defaultSettings, ...settings },
    env: TEST_ENV,
  });
  return Template.fromStack(stack);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A template value with the pseudo parameters the test environment fixes (`AWS::Partition`,
 * account, region) resolved and `Fn::Join`s of them joined: what IAM would see once deployed.
 */
export function resolved(value: Json, refs: Readonly<Record<string, string>> = {}): Json {
  if (Array.isArray(value)) return value.map((item) => resolved(item, refs));
  if (value === null || typeof value !== 'object') return value;
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::AccountId': TEST_ENV.account,
    'AWS::Region': TEST_ENV.region,
    ...refs,
  };
  const ref = value.Ref;
  if (typeof ref === 'string' && pseudo[ref] !== undefined) return pseudo[ref];
  const join = value['Fn::Join'];
  if (Array.isArray(join)) {
    const [separator, parts] = join as [string, Json[]];
    const values = parts.map((part) => resolved(part, refs));
    if (values.every((part) => typeof part === 'string')) return values.join(separator);
    return { 'Fn::Join': [separator, values] };
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolved(item, refs)]));
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: Json;
  readonly Condition?: Record<string, Record<string, string>>;
}

/**
 * Every IAM policy of the template (inline, managed, and S3 bucket policies), by logical ID, with its
 * statements resolved (`refs`: what to put for references to the stack's own resources).
 */
export function policiesOf(
  template: Template,
  refs: Readonly<Record<string, string>> = {},
): Record<string, { name: string; statements: PolicyStatement[] }> {
  const found: Record<string, { name: string; statements: PolicyStatement[] }> = {};
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::S3::BucketPolicy']) {
    for (const [id, resource] of Object.entries(template.findResources(type))) {
      const properties = resource.Properties as {
        PolicyName?: string;
        ManagedPolicyName?: string;
        PolicyDocument: Json;
      };
      const document = resolved(properties.PolicyDocument, refs) as unknown as {
        Statement: PolicyStatement[];
      };
      found[id] = {
        name: properties.PolicyName ?? properties.ManagedPolicyName ?? id,
        statements: document.Statement,
      };
    }
  }
  return found;
}

export const asList = (value: string | string[] | Json): Json[] => (Array.isArray(value) ? value : [value]);
