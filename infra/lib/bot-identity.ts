import { SecretValue } from 'aws-cdk-lib';
import {
  AccessKey,
  ManagedPolicy,
  Policy,
  PolicyDocument,
  Role,
  ServicePrincipal,
  User,
} from 'aws-cdk-lib/aws-iam';
import { CfnSecret, type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { type Placement, policyDocument } from './policies.js';
import { resetBoundaryStatements } from './reset-boundary.js';
import type { StackSettings } from './settings.js';

/** The runtime role's name: `<botUserName>-runtime`, which the member stack's RuntimeRoleName names. */
export const runtimeRoleName = (settings: StackSettings) => `${settings.botUserName}-runtime`;

/**
 * The bot's two identities. The step-up user (the bot's IAM user) holds only the MFA-gated resets
 * of iam/mfa-reset-bot-policy.json; its access key (kept in Secrets Manager, never in an output)
 * serves STS GetSessionToken alone. The runtime role, the service's task role, holds the reads and
 * the audit table (iam/runtime-policy.json, iam/dynamodb-policy.json): the identity that writes the
 * trail cannot reset, and the one that resets cannot write the trail. Also the secret the Slack
 * tokens go into, and the auditors' read-only managed policy.
 */
export class BotIdentity extends Construct {
  readonly user: User;
  /** The identity the bot runs as (the ECS task role). */
  readonly runtimeRole: Role;
  readonly accessKeySecret: Secret;
  readonly slackSecret: ISecret;
  readonly auditReaderPolicy: ManagedPolicy;

  constructor(
    scope: Construct,
    id: string,
    props: { settings: StackSettings; place: Placement; accessKeySerial: number },
  ) {
    super(scope, id);
    const { settings, place } = props;
    const document = (file: Parameters<typeof policyDocument>[0]) =>
      PolicyDocument.fromJson(policyDocument(file, settings, place));

    this.user = new User(this, 'User', { userName: settings.botUserName });
    new Policy(this, 'ResetPolicy', {
      policyName: settings.botUserName,
      document: document('mfa-reset-bot-policy'),
      users: [this.user],
    });
    const boundary = resetBoundaryStatements(settings, place);
    if (boundary.length > 0) {
      new Policy(this, 'ResetBoundaryPolicy', {
        policyName: `${settings.botUserName}-reset-boundary`,
        document: PolicyDocument.fromJson({ Version: '2012-10-17', Statement: boundary }),
        users: [this.user],
      });
    }
    // Named, because the member accounts' reader role trusts it by ARN (iam/member-reader-role-trust.json).
    this.runtimeRole = new Role(this, 'RuntimeRole', {
      roleName: runtimeRoleName(settings),
      assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `The identity ${settings.botUserName} runs as: IAM and CloudTrail reads, its audit table`,
    });
    new Policy(this, 'RuntimePolicy', {
      policyName: `${settings.botUserName}-runtime`,
      document: document('runtime-policy'),
      roles: [this.runtimeRole],
    });
    new Policy(this, 'AnchorsPolicy', {
      policyName: `${settings.botUserName}-anchors`,
      document: document('anchors-policy'),
      roles: [this.runtimeRole],
    });
    new Policy(this, 'AuditTablePolicy', {
      policyName: `${settings.botUserName}-dynamodb`,
      document: document('dynamodb-policy'),
      roles: [this.runtimeRole],
    });
    this.auditReaderPolicy = new ManagedPolicy(this, 'AuditReaderPolicy', {
      managedPolicyName: `${settings.botUserName}-audit-reader`,
      description: 'Read-only access to the MFA reset audit trail and to the MFA changes CloudTrail recorded',
      document: document('audit-reader-policy'),
    });

    // STS GetSessionToken accepts only an IAM user's long-term key: the bot cannot use a task role.
    // Raising the serial (a stack parameter) replaces the key.
    const key = new AccessKey(this, 'AccessKey', { user: this.user, serial: props.accessKeySerial });
    this.accessKeySecret = new Secret(this, 'AccessKeySecret', {
      description: `The access key of the IAM user ${settings.botUserName}`,
      secretObjectValue: {
        accessKeyId: SecretValue.unsafePlainText(key.accessKeyId),
        secretAccessKey: key.secretAccessKey,
      },
    });
    // Created empty: no SecretString and no GenerateSecretString in the template, so no stack
    // update can ever write a value over the real tokens an operator put in afterwards.
    const slackTokens = new CfnSecret(this, 'SlackTokens', {
      description:
        'The Slack tokens of mfa-reset-bot (botToken, appToken): put them here after the first deployment',
    });
    this.slackSecret = Secret.fromSecretCompleteArn(this, 'SlackTokensSecret', slackTokens.ref);
  }
}
