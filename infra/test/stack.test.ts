import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../src/store/create-table.js';
import { ttlAttribute } from '../../src/store/table-layout.js';
import { alarmedEvents, filterPattern } from '../lib/alarms.js';
import { HEALTH_FILE, HEALTH_FOLDER } from '../lib/bot-service.js';
import { settingsFrom } from '../lib/settings.js';
import { asList, policiesOf, synthesize, TEST_ENV } from './synth.js';

const template = synthesize();

/** `{ attributeName: … }` in the SDK's `CreateTable` input is `{ AttributeName: … }` in CloudFormation too. */
const sdkDefinition = tableDefinition('mfa-reset-audit');

describe('the audit table', () => {
  it('has the keys, attributes and five indexes of `table create`, billed on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'mfa-reset-audit',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: sdkDefinition.KeySchema,
      AttributeDefinitions: sdkDefinition.AttributeDefinitions,
      GlobalSecondaryIndexes: sdkDefinition.GlobalSecondaryIndexes,
    });
    expect(sdkDefinition.GlobalSecondaryIndexes).toHaveLength(5);
  });

  it('is protected: deletion protection, point-in-time recovery, KMS encryption, kept on stack deletion', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      }),
    });
  });

  it('deletes items past their time to live, on the attribute `table create` uses', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
    });
  });

  it('streams the new image of every item', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: Match.stringLikeRegexp('^NEW_(AND_OLD_)?IMAGES?$') },
    });
  });
});

describe('the IAM policies', () => {
  const policies = policiesOf(template);
  const statements = Object.values(policies).flatMap((policy) => policy.statements);
  const tableArn = `arn:aws:dynamodb:${TEST_ENV.region}:${TEST_ENV.account}:table/mfa-reset-audit`;

  it('allow DeactivateMFADevice and DeleteVirtualMFADevice only with MFA, and deny them without', () => {
    const resets = ['iam:DeactivateMFADevice', 'iam:DeleteVirtualMFADevice'];
    for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
      for (const action of asList(statement.Action)) {
        if (!resets.includes(String(action))) continue;
        expect(statement.Condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
      }
    }
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: resets,
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      }),
    );
  });

  it('deny resets of users carrying the protected tag, and of the bot’s own user and devices', () => {
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'iam:DeactivateMFADevice',
        Condition: {
          Null: { 'aws:ResourceTag/mfa-reset-protected': 'false' },
          StringNotEqualsIgnoreCase: { 'aws:ResourceTag/mfa-reset-protected': 'false' },
        },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Resource: [
          `arn:aws:iam::${TEST_ENV.account}:user/mfa-reset-bot`,
          `arn:aws:iam::${TEST_ENV.account}:mfa/mfa-reset-bot*`,
        ],
      }),
    );
  });

  it('grant no write on the audit table beyond PutItem, and UpdateItem/DeleteItem on counter and lock keys only', () => {
    const reads = /^dynamodb:(GetItem|Query|Scan|DescribeTable|BatchGetItem|ConditionCheckItem)$/;
    // Item-level grants: a request's attempt counter (REQ#…) is updated, an IAM user's lock (LOCK#…) deleted.
    const narrow: Record<string, string> = {
      'dynamodb:UpdateItem': 'REQ#*',
      'dynamodb:DeleteItem': 'LOCK#*',
    };
    for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
      for (const action of asList(statement.Action).map(String)) {
        if (!action.startsWith('dynamodb:')) continue;
        expect(action, 'a DynamoDB wildcard action').not.toMatch(/\*/);
        if (reads.test(action)) continue;
        expect(asList(statement.Resource)).toEqual([tableArn]);
        if (action === 'dynamodb:PutItem') continue;
        expect(Object.keys(narrow)).toContain(action);
        expect(statement.Condition).toEqual({
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [narrow[action]] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        });
      }
    }
  });

  it('let the auditors read the trail and CloudTrail, and write nothing', () => {
    const reader = Object.values(policies).find((policy) => policy.name === 'mfa-reset-bot-audit-reader')!;
    const actions = reader.statements.flatMap((statement) => asList(statement.Action).map(String));
    expect(actions).toContain('cloudtrail:LookupEvents');
    expect(actions.filter((action) => /Put|Update|Delete|Write|Create/.test(action))).toEqual([]);
  });
});

describe('the anchors bucket', () => {
  it('locks every anchor in compliance mode for anchorRetentionDays, versioned, private, kept with the stack deleted', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } },
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      }),
    });
  });

  it('takes its name and retention from the settings', () => {
    synthesize({ anchorsBucket: 'example-anchors', anchorRetentionDays: 2557 }).hasResourceProperties(
      'AWS::S3::Bucket',
      Match.objectLike({
        BucketName: 'example-anchors',
        ObjectLockConfiguration: Match.objectLike({
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } },
        }),
      }),
    );
  });
});

describe('the bot’s two identities', () => {
  it('gives the step-up user the resets alone, and the runtime role (the task role) the reads and the table', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const attached = (name: string) => {
      const found = Object.values(policies).find((policy) => policy.Properties.PolicyName === name);
      return { users: found?.Properties.Users, roles: found?.Properties.Roles };
    };
    const [userId] = Object.keys(template.findResources('AWS::IAM::User'));
    const [roleId] = Object.keys(
      template.findResources('AWS::IAM::Role', {
        Properties: {
          AssumeRolePolicyDocument: Match.objectLike({
            Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })],
          }),
        },
      }),
    ).filter((id) => id.startsWith('BotRuntimeRole'));
    expect(attached('mfa-reset-bot')).toEqual({ users: [{ Ref: userId }], roles: undefined });
    for (const name of ['mfa-reset-bot-runtime', 'mfa-reset-bot-dynamodb', 'mfa-reset-bot-anchors'])
      expect(attached(name)).toEqual({ users: undefined, roles: [{ Ref: roleId }] });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      TaskRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
    });
  });
});

describe('the bot’s service', () => {
  it('runs the image tagged ImageTag in the stack’s repository in Socket Mode, with its secrets from Secrets Manager', () => {
    const [definition] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
    const [container] = (definition!.Properties as { ContainerDefinitions: Record<string, unknown>[] })
      .ContainerDefinitions;
    const image = JSON.stringify(container!.Image);
    expect(image).toContain('{"Ref":"ImageTag"}');
    expect(image).toMatch(/"Ref":"ImagesRepository[0-9A-F]{8}"/);
    const secrets = (container!.Secrets as { Name: string }[]).map((secret) => secret.Name).sort();
    // The step-up key apart (STEP_UP_AWS_*): the task role, not the key, is the runtime identity.
    expect(secrets).toEqual([
      'SLACK_APP_TOKEN',
      'SLACK_BOT_TOKEN',
      'STEP_UP_AWS_ACCESS_KEY_ID',
      'STEP_UP_AWS_SECRET_ACCESS_KEY',
    ]);
    const environment = (container!.Environment as { Name: string }[]).map((variable) => variable.Name);
    expect(environment).not.toContain('SLACK_SIGNING_SECRET');
    expect(container!.PortMappings).toBeUndefined();
    expect(container!.ReadonlyRootFilesystem).toBe(true);
  });

  it('checks the bot’s health from the file it writes to a writable volume beside its read-only root', () => {
    const [definition] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
    const properties = definition!.Properties as {
      ContainerDefinitions: Record<string, unknown>[];
      Volumes: { Name: string; Host?: unknown }[];
    };
    const [container] = properties.ContainerDefinitions;
    expect(container!.ReadonlyRootFilesystem).toBe(true);
    expect(container!.Environment).toContainEqual({ Name: 'HEALTH_FILE', Value: HEALTH_FILE });
    // Task storage (no host path) on the health folder, writable.
    expect(container!.MountPoints).toEqual([
      { SourceVolume: 'health', ContainerPath: HEALTH_FOLDER, ReadOnly: false },
    ]);
    expect(properties.Volumes).toEqual([{ Name: 'health' }]);
    expect(container!.HealthCheck).toMatchObject({
      Command: ['CMD', 'node', '/app/dist/healthcheck.js'],
      Retries: 3,
    });
  });

  it('mounts the folder the image declares for the health file, owned by the image’s user', () => {
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    expect(dockerfile).toContain(`ENV HEALTH_FILE=${HEALTH_FILE}\n`);
    expect(dockerfile).toContain(`VOLUME ["${HEALTH_FOLDER}"]\n`);
    expect(dockerfile).toContain(`chown node:node ${HEALTH_FOLDER}`);
    // The runtime stage's working folder, which the health check's command names.
    expect(dockerfile.split('FROM ').at(-1)).toContain('WORKDIR /app\n');
  });

  it('accepts no inbound traffic: no load balancer, no ingress rule, HTTPS out only', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    const [group] = Object.values(template.findResources('AWS::EC2::SecurityGroup'));
    const properties = group!.Properties as Record<string, unknown>;
    expect(properties.SecurityGroupIngress).toBeUndefined();
    expect(properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }),
    ]);
    template.hasResourceProperties('AWS::ECS::Service', { LoadBalancers: Match.absent() });
  });

  it('writes its logs to a log group that outlives the stack', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { RetentionInDays: 365 },
    });
  });
});

describe('the alarms', () => {
  it.each(alarmedEvents)('count $eventType from the $line log lines and alarm on one', (event) => {
    const { metric } = event;
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: filterPattern(event),
      MetricTransformations: [Match.objectLike({ MetricName: metric, MetricValue: '1' })],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: metric,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('Topic') })],
    });
  });

  it('use the log contract: audit lines with "audit": true, detection lines with "alarm": true, and the event type', () => {
    expect(filterPattern({ eventType: 'REQUEST_COMPLETED', line: 'audit' })).toBe(
      '{ $.audit IS TRUE && $.eventType = "REQUEST_COMPLETED" }',
    );
    // Logged at detection, before any table write: a claim put in the table cannot keep them from the metric.
    expect(
      alarmedEvents.filter((event) => event.line === 'alarm').map((event) => filterPattern(event)),
    ).toEqual([
      '{ $.alarm IS TRUE && $.eventType = "AUDIT_CHAIN_BROKEN" }',
      '{ $.alarm IS TRUE && $.eventType = "CLOUDTRAIL_MISMATCH" }',
    ]);
    expect(alarmedEvents.map((event) => event.eventType)).toEqual([
      'REQUEST_COMPLETED',
      'APPROVER_DEVICE_LOCKED',
      'ENROLMENT_OVERDUE',
      'AUDIT_CHAIN_BROKEN',
      'CLOUDTRAIL_MISMATCH',
    ]);
  });
});

describe('the parameters and settings', () => {
  it('take the image and the network at deploy time', () => {
    const parameters = Object.keys(template.toJSON().Parameters as object);
    for (const name of ['ImageTag', 'DesiredCount', 'VpcId', 'SubnetIds', 'AssignPublicIp', 'AlarmEmail']) {
      expect(parameters).toContain(name);
    }
    expect(parameters.some((name) => name.startsWith('BootstrapVersion'))).toBe(false);
  });

  it('refuse a bad name with a message naming every bad setting', () => {
    const context: Record<string, unknown> = { protectedTag: 'aws:reserved', tableName: 'x' };
    expect(() => settingsFrom((key) => context[key])).toThrow(
      /protectedTag[\s\S]*tableName|tableName[\s\S]*protectedTag/,
    );
    expect(settingsFrom(() => undefined).botUserName).toBe('mfa-reset-bot');
  });
});
