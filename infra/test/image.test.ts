import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { type PolicyStatement, policiesOf, synthesize, TEST_ENV } from './synth.js';

const template = synthesize({ imageRepository: 'ops/mfa-reset-bot' });
const [repositoryId, repository] = Object.entries(template.findResources('AWS::ECR::Repository'))[0] ?? [];
const repositoryArn = (name: string) =>
  `arn:aws:ecr:${TEST_ENV.region}:${TEST_ENV.account}:repository/${name}`;

/**
 * The execution role's statements, with the repository's ARN as IAM would see it once deployed.
 * Statements on the stack's other resources (the log group, the secrets: ARNs known only once
 * deployed) are left out; none of them names an ECR action.
 */
function executionRoleStatements(): PolicyStatement[] {
  const [roleId] = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) =>
    id.includes('ExecutionRole'),
  );
  const policies = policiesOf(template);
  return Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles ?? []).includes(`"${roleId}"`))
    .flatMap(([id]) => policies[id]?.statements ?? [])
    .map((statement) =>
      JSON.parse(
        JSON.stringify(statement).replaceAll(
          JSON.stringify({ 'Fn::GetAtt': [repositoryId, 'Arn'] }),
          JSON.stringify(repositoryArn('ops/mfa-reset-bot')),
        ),
      ),
    )
    .filter((statement: PolicyStatement) => {
      const concrete = [statement.Resource].flat().every((resource) => typeof resource === 'string');
      if (!concrete) expect(JSON.stringify(statement.Action)).not.toContain('ecr:');
      return concrete;
    });
}

/** What IAM decides for the execution role, by its identity policies (the role has no other). */
async function decide(action: string, resource: string): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${TEST_ENV.account}:role/execution`,
        action,
        resource: { resource, accountId: TEST_ENV.account },
        contextVariables: {},
      },
      identityPolicies: [
        { name: 'execution', policy: { Version: '2012-10-17', Statement: executionRoleStatements() } },
      ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

describe('the image repository', () => {
  it('is in the stack, named by the imageRepository setting, with immutable tags scanned on push', () => {
    expect(repository?.Properties).toMatchObject({
      RepositoryName: 'ops/mfa-reset-bot',
      ImageTagMutability: 'IMMUTABLE',
      ImageScanningConfiguration: { ScanOnPush: true },
    });
    expect(repository?.DeletionPolicy).toBe('Retain');
  });

  it.each(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'])(
    'lets the task execution role pull the image from it (%s)',
    async (action) => {
      expect(await decide(action, repositoryArn('ops/mfa-reset-bot'))).toBe('Allowed');
      expect(await decide(action, repositoryArn('someone-else'))).toBe('ImplicitlyDenied');
    },
  );

  it('lets the task execution role sign in to ECR, which has no resource-level permission', async () => {
    expect(await decide('ecr:GetAuthorizationToken', '*')).toBe('Allowed');
  });

  it('lets nobody in the stack push to it: pushing is the operator’s, with their own session', async () => {
    expect(await decide('ecr:PutImage', repositoryArn('ops/mfa-reset-bot'))).toBe('ImplicitlyDenied');
  });

  it('is where the service’s image comes from, and its address is an output', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.ImageRepositoryUri?.Value)).toContain(`{"Ref":"${repositoryId}"}`);
    const [definition] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
    expect(JSON.stringify(definition?.Properties)).toContain(
      `{"Ref":"${repositoryId}"},":",{"Ref":"ImageTag"}`,
    );
  });
});
