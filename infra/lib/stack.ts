import {
  CfnCondition,
  CfnOutput,
  CfnParameter,
  DefaultStackSynthesizer,
  Fn,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { CfnSubscription } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { AuditAlarms } from './alarms.js';
import { AnchorsBucket } from './anchors-bucket.js';
import { AuditTable } from './audit-table.js';
import { BotIdentity } from './bot-identity.js';
import { BotService } from './bot-service.js';
import { ImageRepository } from './image-repository.js';
import type { StackSettings } from './settings.js';

export interface MfaResetBotStackProps extends StackProps {
  readonly settings: StackSettings;
}

/**
 * Everything mfa-reset-bot needs in an AWS account: the audit table and the bucket its chain is
 * anchored in, the bot's IAM user with the policies of iam/, the secrets it reads, the service that
 * runs it in Socket Mode, and alarms on the audit events that matter. Deploy-time choices are CloudFormation parameters; the names the
 * policies contain are synth-time settings (lib/settings.ts).
 */
export class MfaResetBotStack extends Stack {
  constructor(scope: Construct, id: string, props: MfaResetBotStackProps) {
    // No bootstrap resources: the template deploys with `aws cloudformation deploy` as it is.
    super(scope, id, {
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      description:
        'mfa-reset-bot: audit table, anchors bucket, IAM user and policies, secrets, Socket Mode service, alarms',
      ...props,
    });
    const { settings } = props;
    const imageTag = new CfnParameter(this, 'ImageTag', {
      description:
        'Tag of the bot image with your YAML file, pushed to the stack’s repository (output ImageRepositoryUri; see docs/aws-setup.md)',
      allowedPattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$',
    });
    const desiredCount = new CfnParameter(this, 'DesiredCount', {
      type: 'Number',
      default: 0,
      minValue: 0,
      maxValue: 2,
      description: 'Bots running: 0 until the Slack tokens are in their secret, then 1 (or 2 for redundancy)',
    });
    const vpcId = new CfnParameter(this, 'VpcId', {
      type: 'AWS::EC2::VPC::Id',
      description: 'The VPC the bot runs in (it needs outbound HTTPS to Slack and AWS)',
    });
    const subnetIds = new CfnParameter(this, 'SubnetIds', {
      type: 'List<AWS::EC2::Subnet::Id>',
      description:
        'Subnets for the bot: public ones with AssignPublicIp=ENABLED, or private ones behind a NAT gateway',
    });
    const assignPublicIp = new CfnParameter(this, 'AssignPublicIp', {
      allowedValues: ['ENABLED', 'DISABLED'],
      default: 'DISABLED',
      description:
        'ENABLED for public subnets without a NAT gateway (no inbound traffic is allowed either way)',
    });
    const accessKeySerial = new CfnParameter(this, 'AccessKeySerial', {
      type: 'Number',
      default: 1,
      minValue: 1,
      description: "Raise it to replace the bot's access key (then restart the service)",
    });
    const alarmEmail = new CfnParameter(this, 'AlarmEmail', {
      default: '',
      description: 'Optional: an address subscribed to the audit alarms (confirm the e-mail AWS sends)',
    });

    const images = new ImageRepository(this, 'Images', { repositoryName: settings.imageRepository });
    const table = new AuditTable(this, 'AuditTable', { tableName: settings.tableName });
    const anchors = new AnchorsBucket(this, 'Anchors', { settings });
    const place = {
      partition: this.partition,
      account: this.account,
      region: this.region,
      anchorsBucket: anchors.bucket.bucketName,
    };
    anchors.applyPolicy(settings, place);
    const identity = new BotIdentity(this, 'Bot', {
      settings,
      place,
      accessKeySerial: accessKeySerial.valueAsNumber,
    });
    const service = new BotService(this, 'Service', {
      repository: images.repository,
      imageTag: imageTag.valueAsString,
      desiredCount: desiredCount.valueAsNumber,
      vpcId: vpcId.valueAsString,
      subnetIds: subnetIds.valueAsList,
      assignPublicIp: assignPublicIp.valueAsString,
      slackSecret: identity.slackSecret,
      accessKeySecret: identity.accessKeySecret,
      taskRole: identity.runtimeRole,
      logRetentionDays: settings.logRetentionDays,
    });
    const alarms = new AuditAlarms(this, 'Alarms', { logGroup: service.logGroup });
    const hasAlarmEmail = new CfnCondition(this, 'HasAlarmEmail', {
      expression: Fn.conditionNot(Fn.conditionEquals(alarmEmail.valueAsString, '')),
    });
    const subscription = new CfnSubscription(this, 'AlarmEmailSubscription', {
      topicArn: alarms.topic.topicArn,
      protocol: 'email',
      endpoint: alarmEmail.valueAsString,
    });
    subscription.cfnOptions.condition = hasAlarmEmail;

    const outputs: Record<string, { value: string; description: string }> = {
      ImageRepositoryUri: {
        value: images.repository.repositoryUri,
        description: 'Push the bot image with your YAML file here; deploy its tag as ImageTag',
      },
      AuditTableName: { value: table.table.ref, description: 'audit.table in the YAML file' },
      AnchorsBucketName: {
        value: anchors.bucket.bucketName,
        description: 'audit.anchors.bucket in the YAML file: the chain’s anchors, locked',
      },
      AuditTableStreamArn: {
        value: table.table.attrStreamArn,
        description: 'New images of every audit item, for a SIEM',
      },
      BotUserName: {
        value: identity.user.userName,
        description: 'aws.botUserName in the YAML file; enrol approvers’ devices on it',
      },
      BotUserArn: { value: identity.user.userArn, description: 'The bot’s IAM user' },
      RuntimeRoleName: {
        value: identity.runtimeRole.roleName,
        description: 'The role the bot runs as: RuntimeRoleName of the member accounts’ stack set',
      },
      SlackTokensSecretArn: {
        value: identity.slackSecret.secretArn,
        description: 'Put {"botToken":"xoxb-…","appToken":"xapp-…"} here',
      },
      AccessKeySecretArn: {
        value: identity.accessKeySecret.secretArn,
        description: 'The bot’s access key (for running the CLI as the bot)',
      },
      AuditReaderPolicyArn: {
        value: identity.auditReaderPolicy.managedPolicyArn,
        description: 'Attach to the auditors’ users, groups or roles',
      },
      AlarmTopicArn: { value: alarms.topic.topicArn, description: 'Subscribe to the audit alarms' },
      LogGroupName: {
        value: service.logGroup.logGroupName,
        description: 'The bot’s logs, audit lines included',
      },
      ClusterName: { value: service.cluster.ref, description: 'ECS cluster of the bot' },
      ServiceName: { value: service.service.attrName, description: 'ECS service of the bot' },
    };
    for (const [id, output] of Object.entries(outputs)) new CfnOutput(this, id, output);
  }
}
