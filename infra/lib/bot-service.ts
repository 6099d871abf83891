import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { CfnSecurityGroup } from 'aws-cdk-lib/aws-ec2';
import type { IRepository } from 'aws-cdk-lib/aws-ecr';
import {
  CfnCluster,
  CfnService,
  ContainerImage,
  CpuArchitecture,
  Secret as EcsSecret,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
} from 'aws-cdk-lib/aws-ecs';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface BotServiceProps {
  /** Where the image is: the bot's image with the YAML file at /config/mfa-reset-bot.yml. */
  readonly repository: IRepository;
  /** The image's tag in that repository. */
  readonly imageTag: string;
  readonly desiredCount: number;
  readonly vpcId: string;
  readonly subnetIds: string[];
  /** ENABLED in public subnets without a NAT gateway; DISABLED in private subnets with one. */
  readonly assignPublicIp: string;
  readonly slackSecret: ISecret;
  /** The step-up user's access key, given to the bot as STEP_UP_AWS_* (for GetSessionToken only). */
  readonly accessKeySecret: ISecret;
  /** The identity the bot runs as: every AWS call but GetSessionToken. */
  readonly taskRole: IRole;
  readonly logRetentionDays: number;
}

/** Where the image must hold the bot's YAML file (see docs/aws-setup.md). */
export const CONFIG_PATH = '/config/mfa-reset-bot.yml';

/**
 * The folder the image declares as a volume for the health file (Dockerfile, `HEALTH_FILE`): with
 * a read-only root file system it is the one place the bot can write, and its health check reads.
 */
export const HEALTH_FOLDER = '/run/mfa-reset-bot';
export const HEALTH_FILE = `${HEALTH_FOLDER}/health.json`;

/**
 * The bot on ECS Fargate in Socket Mode: it connects out to Slack over a WebSocket, so nothing
 * reaches it from outside — no load balancer, no listening port, a security group with no ingress
 * and HTTPS as its only egress. Its logs, audit lines included, go to a log group kept when the
 * stack is deleted.
 */
export class BotService extends Construct {
  readonly logGroup: LogGroup;
  readonly cluster: CfnCluster;
  readonly service: CfnService;
  readonly securityGroup: CfnSecurityGroup;

  constructor(scope: Construct, id: string, props: BotServiceProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.cluster = new CfnCluster(this, 'Cluster', {
      clusterSettings: [{ name: 'containerInsights', value: 'enabled' }],
    });

    const task = new FargateTaskDefinition(this, 'Task', {
      taskRole: props.taskRole,
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: {
        cpuArchitecture: CpuArchitecture.X86_64,
        operatingSystemFamily: OperatingSystemFamily.LINUX,
      },
    });
    // Task storage mounted on the image's health folder (owned by the image's user, see Dockerfile).
    task.addVolume({ name: 'health' });
    const container = task.addContainer('bot', {
      // From the stack's repository: this also lets the task execution role pull from it.
      image: ContainerImage.fromEcrRepository(props.repository, props.imageTag),
      essential: true,
      readonlyRootFilesystem: true,
      logging: LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'bot' }),
      environment: {
        AWS_REGION: Aws.REGION,
        MFA_RESET_CONFIG: CONFIG_PATH,
        HEALTH_FILE,
        LOG_LEVEL: 'info',
      },
      // ECS runs the task definition's check, not the image's HEALTHCHECK: the same command, which
      // in Socket Mode reads the health file (Slack connection open, audit table readable, fresh).
      healthCheck: {
        command: ['CMD', 'node', '/app/dist/healthcheck.js'],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        // Start-up may take up to about 25 s to reach Slack before the first file is written.
        startPeriod: Duration.seconds(60),
      },
      // SLACK_APP_TOKEN selects Socket Mode; no signing secret, no port.
      secrets: {
        SLACK_BOT_TOKEN: EcsSecret.fromSecretsManager(props.slackSecret, 'botToken'),
        SLACK_APP_TOKEN: EcsSecret.fromSecretsManager(props.slackSecret, 'appToken'),
        // Not AWS_ACCESS_KEY_ID: that would make the step-up key the runtime identity too.
        STEP_UP_AWS_ACCESS_KEY_ID: EcsSecret.fromSecretsManager(props.accessKeySecret, 'accessKeyId'),
        STEP_UP_AWS_SECRET_ACCESS_KEY: EcsSecret.fromSecretsManager(props.accessKeySecret, 'secretAccessKey'),
      },
    });
    container.addMountPoints({ sourceVolume: 'health', containerPath: HEALTH_FOLDER, readOnly: false });

    this.securityGroup = new CfnSecurityGroup(this, 'SecurityGroup', {
      groupDescription: 'mfa-reset-bot: no inbound traffic; outbound HTTPS to Slack and AWS only',
      vpcId: props.vpcId,
      securityGroupEgress: [
        {
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrIp: '0.0.0.0/0',
          description: 'Slack and AWS APIs',
        },
      ],
    });
    this.service = new CfnService(this, 'Service', {
      cluster: this.cluster.ref,
      taskDefinition: task.taskDefinitionArn,
      launchType: 'FARGATE',
      desiredCount: props.desiredCount,
      enableExecuteCommand: false,
      propagateTags: 'SERVICE',
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        minimumHealthyPercent: 100,
        maximumPercent: 200,
      },
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: props.subnetIds,
          securityGroups: [this.securityGroup.attrGroupId],
          assignPublicIp: props.assignPublicIp,
        },
      },
    });
  }
}
