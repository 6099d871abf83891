import { runSimulation } from '@cloud-copilot/iam-simulate';
import { type IamPolicyFile, readIamPolicyFile } from '../../infra/lib/policies.js';

/**
 * The policy documents of iam/ evaluated by an IAM policy evaluator (`@cloud-copilot/iam-simulate`,
 * a test-only dependency: AGPL, never shipped in the image or the package): what AWS would decide for
 * one request by the bot's IAM user, with the request's context keys.
 */

export const ACCOUNT_ID = '123456789012';
export const BOT_USER_ARN = `arn:aws:iam::${ACCOUNT_ID}:user/mfa-reset-bot`;

/** The policy files of iam/, as the stack names them. */
export type { IamPolicyFile };

/** A policy document of iam/ as it is (the stack's own reader). */
export const readIamPolicy = readIamPolicyFile;

/** The step-up user's policy: the MFA-gated resets and their denies, nothing else. */
export const stepUpPolicies: readonly IamPolicyFile[] = ['mfa-reset-bot-policy'];
/** The runtime identity's policies: IAM and CloudTrail reads, its audit table and its anchors. */
export const runtimePolicies: readonly IamPolicyFile[] = [
  'runtime-policy',
  'dynamodb-policy',
  'anchors-policy',
];
/** All of the bot's policies, on one IAM user when the step-up key is the runtime identity. */
export const botPolicies: readonly IamPolicyFile[] = [...stepUpPolicies, ...runtimePolicies];

/**
 * The context keys AWS sets for the caller's credentials: none about MFA for a long-term access key
 * (the key is absent), `true` with an age for GetSessionToken credentials that carried an MFA code,
 * `false` for GetSessionToken credentials without one.
 */
export type Credentials = 'long-term key' | 'session with MFA' | 'session without MFA';

export function mfaContext(credentials: Credentials): Record<string, string> {
  switch (credentials) {
    case 'long-term key':
      return {};
    case 'session with MFA':
      return { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '30' };
    case 'session without MFA':
      return { 'aws:MultiFactorAuthPresent': 'false' };
  }
}

export interface EvaluatedRequest {
  readonly action: string;
  readonly resource: string;
  /** Context keys of the request; multi-valued keys (dynamodb:LeadingKeys) as lists. */
  readonly context?: Record<string, string | string[]>;
  readonly policies?: readonly IamPolicyFile[];
  /** Policy documents the identity holds besides the files (e.g. one the stack renders). */
  readonly documents?: Readonly<Record<string, unknown>>;
  /** The resource's own policy (an S3 bucket policy), from iam/. */
  readonly resourcePolicy?: IamPolicyFile;
  readonly principal?: string;
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export async function evaluate(request: EvaluatedRequest): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: request.principal ?? BOT_USER_ARN,
        action: request.action,
        resource: { resource: request.resource, accountId: ACCOUNT_ID },
        contextVariables: request.context ?? {},
      },
      identityPolicies: [
        ...(request.policies ?? botPolicies).map((name) => ({ name, policy: readIamPolicy(name) })),
        ...Object.entries(request.documents ?? {}).map(([name, policy]) => ({ name, policy })),
      ],
      ...(request.resourcePolicy === undefined
        ? {}
        : { resourcePolicy: readIamPolicy(request.resourcePolicy) }),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') {
    // An invalid policy or request is a broken test or a broken document, never a decision.
    throw new Error(`the evaluator refused the simulation: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as Decision;
}

export const iamArn = {
  user: (name: string) => `arn:aws:iam::${ACCOUNT_ID}:user/${name}`,
  mfa: (name: string) => `arn:aws:iam::${ACCOUNT_ID}:mfa/${name}`,
  group: (name: string) => `arn:aws:iam::${ACCOUNT_ID}:group/${name}`,
  /** The anchors bucket of iam/ (its default name), or an object in it. */
  anchors: (key?: string) => `arn:aws:s3:::mfa-reset-anchors${key === undefined ? '' : `/${key}`}`,
  table: (name = 'mfa-reset-audit', region = 'us-east-1') =>
    `arn:aws:dynamodb:${region}:${ACCOUNT_ID}:table/${name}`,
};
