import { type App, type CfnElement, type Stack, Token, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { drawsResetBoundary } from './reset-boundary.js';
import type { StackSettings } from './settings.js';

/**
 * The stack is held to two cdk-nag rule packs at every synth: AWS Solutions (AWS's own best
 * practices) and NIST 800-53 rev 5 (the controls a security tool is audited against). A finding
 * fails the synth unless it is acknowledged below, with the reason the stack does not follow
 * the rule. This table is the one place those reasons are written; a test fails when one no longer
 * matches a finding, so none outlives its cause.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
}

export interface Acknowledgement {
  /** The construct, by its path below the stack. */
  readonly path: string;
  /** `Pack::RuleId`, or `Pack::RuleId[Finding]` for one finding of a rule that reports several. */
  readonly id: string;
  readonly reason: string;
}

const aws = (rule: string) => `AwsSolutions::AwsSolutions-${rule}`;
const nist = (rule: string) => `NIST.800.53.R5::NIST.800.53.R5-${rule}`;

const why = {
  noResourceLevel: (actions: string) =>
    `${actions} has no resource-level permissions in IAM: "*" is the only resource it takes.`,
  userPolicies:
    'The bot’s IAM user exists only because STS GetSessionToken refuses role credentials (decision 001); its policies are the files of iam/ (decision 006), attached to that one user. A group would let anyone who can add members to it give them the MFA-gated reset rights.',
  runtimePolicies:
    'The runtime role’s policies are the files of iam/ (decision 006), attached to this one role, the service’s task role; a managed policy could be attached to other roles, which would then read IAM and write the audit trail.',
  rotation: {
    slack:
      'Slack tokens are issued and revoked in Slack, not by a rotation Lambda; docs/operations.md says how to replace them.',
    key: 'The access key is replaced by raising the stack parameter AccessKeySerial (docs/operations.md, “Rotating the bot’s key”); a rotation Lambda would need iam:CreateAccessKey on the bot’s user, a standing right to mint its key.',
  },
  anchorsAccessLogs:
    'Server access logs would need a second bucket with its own retention and policy. The anchors hold no secret, only the bot’s identity may create them, nobody may replace or delete them, and every read and write can be recorded by CloudTrail data events for S3 if your organisation trail enables them.',
  awsManagedKey: (what: string) =>
    `${what} is encrypted with the AWS managed key of its service. Who may read it is decided by IAM: in this stack only the task execution role, granted these two secrets by ARN. A customer managed key would add a second policy to keep in step with IAM; add one if your organisation requires it.`,
};

/** Where the stack is and what it names, as cdk-nag writes them into a finding's ID. */
interface Place {
  readonly account: string;
  readonly region: string;
  readonly tableName: string;
  /** The anchors bucket as the policy names it: `<LogicalId>` (a reference to the bucket). */
  readonly anchorsBucket: string;
  /** Whether the stack renders the reset boundary policy (settings protectedUsers, resettable…). */
  readonly resetBoundary: boolean;
}

/** The findings the stack accepts, each with its reason. */
function acknowledgements({
  account,
  region,
  tableName,
  anchorsBucket,
  resetBoundary,
}: Place): Acknowledgement[] {
  const wildcard = (resource: string) => `${aws('IAM5')}[Resource::${resource}]`;
  const iamArn = (resource: string) => `arn:<AWS::Partition>:iam::${account}:${resource}`;
  const indexes = `arn:<AWS::Partition>:dynamodb:${region}:${account}:table/${tableName}/index/*`;
  const indexesReason =
    'Every index of the audit table: the bot and the auditors query them all (by request, target, actor, day, state).';
  return [
    {
      path: 'Bot/ResetPolicy/Resource',
      id: wildcard(iamArn('user/*')),
      reason:
        'The bot resets the MFA devices of any IAM user the approvers approve: every user is a possible target. The same policy allows the resets only with aws:MultiFactorAuthPresent and denies them on protected users and on the bot itself.',
    },
    {
      path: 'Bot/RuntimePolicy/Resource',
      id: wildcard(iamArn('user/*')),
      reason:
        'The bot maps any member to an IAM user and lists its MFA devices and tags, and reads what gives that user access (console password, access keys, groups, policies) for the approvers (reads only): every user is a possible requester.',
    },
    {
      path: 'Bot/RuntimePolicy/Resource',
      id: wildcard(iamArn('group/*')),
      reason:
        'The approvers are shown the policies of the groups of the user a request is for (ListAttachedGroupPolicies, ListGroupPolicies, GetGroupPolicy: reads only): any group may hold a requester.',
    },
    {
      path: 'Bot/RuntimePolicy/Resource',
      id: wildcard('*'),
      reason: why.noResourceLevel(
        'iam:ListUsers (the tag mapping), iam:ListVirtualMFADevices (the reconciler) and cloudtrail:LookupEvents (the CloudTrail check)',
      ),
    },
    {
      path: 'Bot/ResetPolicy/Resource',
      id: wildcard(iamArn('mfa/*')),
      reason:
        'DeleteVirtualMFADevice names the device, whose name the user chose: any device of a target user is a possible resource. Allowed only with aws:MultiFactorAuthPresent; the bot’s own devices are denied.',
    },

    {
      path: 'Bot/AuditReaderPolicy/Resource',
      id: wildcard('*'),
      reason: why.noResourceLevel('cloudtrail:LookupEvents (audit cloudtrail)'),
    },
    {
      path: 'Service/Task/ExecutionRole/DefaultPolicy/Resource',
      id: wildcard('*'),
      reason: why.noResourceLevel('ecr:GetAuthorizationToken (signing in to ECR to pull the image)'),
    },
    { path: 'Bot/AuditTablePolicy/Resource', id: wildcard(indexes), reason: indexesReason },
    { path: 'Bot/AuditReaderPolicy/Resource', id: wildcard(indexes), reason: indexesReason },
    { path: 'Bot/ResetPolicy/Resource', id: nist('IAMNoInlinePolicy'), reason: why.userPolicies },
    { path: 'Bot/ResetPolicy/Resource', id: nist('IAMUserNoPolicies'), reason: why.userPolicies },
    { path: 'Bot/RuntimePolicy/Resource', id: nist('IAMNoInlinePolicy'), reason: why.runtimePolicies },
    { path: 'Bot/AuditTablePolicy/Resource', id: nist('IAMNoInlinePolicy'), reason: why.runtimePolicies },
    { path: 'Bot/User/Resource', id: nist('IAMUserGroupMembership'), reason: why.userPolicies },
    { path: 'Bot/AnchorsPolicy/Resource', id: nist('IAMNoInlinePolicy'), reason: why.runtimePolicies },
    ...(resetBoundary
      ? [
          {
            path: 'Bot/ResetBoundaryPolicy/Resource',
            id: nist('IAMNoInlinePolicy'),
            reason: why.userPolicies,
          },
          {
            path: 'Bot/ResetBoundaryPolicy/Resource',
            id: nist('IAMUserNoPolicies'),
            reason: why.userPolicies,
          },
        ]
      : []),
    {
      path: 'Bot/AnchorsPolicy/Resource',
      id: wildcard(`arn:<AWS::Partition>:s3:::${anchorsBucket}/anchors/*`),
      reason:
        'Each anchor is an object of its own, named by its sequence number: the bot creates new ones under anchors/. The bucket policy refuses to everyone any write that could replace one, and any deletion.',
    },
    {
      path: 'Anchors/Bucket/Resource',
      id: aws('S1'),
      reason: why.anchorsAccessLogs,
    },
    {
      path: 'Anchors/Bucket/Resource',
      id: nist('S3BucketLoggingEnabled'),
      reason: why.anchorsAccessLogs,
    },
    {
      path: 'Anchors/Bucket/Resource',
      id: nist('S3BucketReplicationEnabled'),
      reason:
        'Anchors are checked against the audit table in the same account and region; a copy elsewhere would need a second locked bucket and a role that may write to it. Add replication if your organisation requires copies in another region.',
    },
    {
      path: 'Anchors/Bucket/Resource',
      id: nist('S3DefaultEncryptionKMS'),
      reason:
        'An anchor holds a sequence number, a hash and a time, nothing secret: SSE-S3 encrypts it at rest. A customer managed key would add a key policy the bot’s identity must be granted.',
    },
    {
      path: 'Service/Task/ExecutionRole/DefaultPolicy/Resource',
      id: nist('IAMNoInlinePolicy'),
      reason:
        'The grants the CDK writes for the ECS agent (pull the image, read the two secrets, write the log group) belong to this one role and name this stack’s resources only; a managed policy could be attached elsewhere.',
    },
    { path: 'Bot/SlackTokens', id: aws('SMG4'), reason: why.rotation.slack },
    { path: 'Bot/SlackTokens', id: nist('SecretsManagerRotationEnabled'), reason: why.rotation.slack },
    { path: 'Bot/AccessKeySecret/Resource', id: aws('SMG4'), reason: why.rotation.key },
    {
      path: 'Bot/AccessKeySecret/Resource',
      id: nist('SecretsManagerRotationEnabled'),
      reason: why.rotation.key,
    },
    {
      path: 'Bot/SlackTokens',
      id: nist('SecretsManagerUsingKMSKey'),
      reason: why.awsManagedKey('The secret'),
    },
    {
      path: 'Bot/AccessKeySecret/Resource',
      id: nist('SecretsManagerUsingKMSKey'),
      reason: why.awsManagedKey('The secret'),
    },
    {
      path: 'Service/Logs/Resource',
      id: nist('CloudWatchLogGroupEncrypted'),
      reason:
        'CloudWatch Logs encrypts every log group at rest. The bot never logs codes, credentials or tokens (and redacts them as a second line of defence), and a customer managed key would need a key policy for the Logs service.',
    },
    {
      path: 'Alarms/Topic/Resource',
      id: nist('SNSEncryptedKMS'),
      reason:
        'CloudWatch alarms cannot publish to a topic encrypted with the AWS managed SNS key, and the alarms carry only a metric name and a count, never audit content.',
    },
    {
      path: 'Service/Task/Resource',
      id: aws('ECS2'),
      reason:
        'The environment holds no secret: AWS_REGION, MFA_RESET_CONFIG and HEALTH_FILE (paths in the image) and LOG_LEVEL. The tokens and the key come from Secrets Manager.',
    },
    {
      path: 'AuditTable/Table',
      id: nist('DynamoDBInBackupPlan'),
      reason:
        'The table has point-in-time recovery (35 days) and deletion protection, and is retained with the stack deleted; the audit events are also exported and anchored outside it (docs/audit-trail.md). Add it to your organisation’s AWS Backup plan if it has one.',
    },
  ];
}

/** The acknowledgements for this stack, its account and region written as cdk-nag writes them. */
export function acknowledgementsOf(stack: Stack, settings: StackSettings): Acknowledgement[] {
  const bucket = stack.node
    .findAll()
    .find((c) => c.node.path === `${stack.node.path}/Anchors/Bucket/Resource`);
  return acknowledgements({
    account: Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account,
    region: Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region,
    tableName: settings.tableName,
    // The policy names the bucket by reference (Ref), whatever its name: cdk-nag writes its logical ID.
    anchorsBucket: bucket === undefined ? '' : `<${stack.getLogicalId(bucket as CfnElement)}>`,
    resetBoundary: drawsResetBoundary(settings),
  });
}

/**
 * The findings the member stack (lib/member-stack.ts) accepts. Its template is the same for every
 * member account, so the account is always CloudFormation's (`<AWS::AccountId>`).
 */
export function memberAcknowledgements(): Acknowledgement[] {
  const wildcard = (resource: string) => `${aws('IAM5')}[Resource::${resource}]`;
  const iamArn = (resource: string) => `arn:<AWS::Partition>:iam::<AWS::AccountId>:${resource}`;
  const memberRolePolicies =
    'The member roles’ policies are the files of iam/ (decision 006), each attached to its one role, which trusts only the bot’s identity in the home account (decision 015); a managed policy could be attached to other roles, which would then read IAM or reset MFA devices.';
  return [
    {
      path: 'ResetPolicy',
      id: wildcard(iamArn('user/*')),
      reason:
        'The bot lists and resets the MFA devices of any IAM user of the member account the approvers approve: every user is a possible target. The same policy allows the resets only with aws:MultiFactorAuthPresent and denies them on protected users; the role itself can only be assumed with MFA.',
    },
    {
      path: 'ResetPolicy',
      id: wildcard(iamArn('mfa/*')),
      reason:
        'DeleteVirtualMFADevice names the device, whose name the user chose: any device of a target user is a possible resource. Allowed only with aws:MultiFactorAuthPresent.',
    },
    {
      path: 'ReaderPolicy',
      id: wildcard(iamArn('user/*')),
      reason:
        'The bot maps a member to an IAM user of the member account, lists its MFA devices and tags, and reads what gives that user access for the approvers (reads only): every user is a possible requester.',
    },
    {
      path: 'ReaderPolicy',
      id: wildcard(iamArn('group/*')),
      reason:
        'The approvers are shown the policies of the groups of the user a request is for (reads only): any group of the member account may hold a requester.',
    },
    {
      path: 'ReaderPolicy',
      id: wildcard('*'),
      reason: why.noResourceLevel(
        'iam:ListUsers (the tag mapping), iam:ListVirtualMFADevices (the reconciler) and cloudtrail:LookupEvents (the CloudTrail check)',
      ),
    },
    { path: 'ResetPolicy', id: nist('IAMNoInlinePolicy'), reason: memberRolePolicies },
    { path: 'ReaderPolicy', id: nist('IAMNoInlinePolicy'), reason: memberRolePolicies },
  ];
}

/** Records the member stack's acknowledgements on its constructs. */
export function acknowledgeMemberNagFindings(stack: Stack): void {
  acknowledge(stack, memberAcknowledgements());
}

/** Records the acknowledgements on the stack's constructs; throws for a path that is not there. */
export function acknowledgeNagFindings(stack: Stack, settings: StackSettings): void {
  acknowledge(stack, acknowledgementsOf(stack, settings));
}

function acknowledge(stack: Stack, acknowledgements: readonly Acknowledgement[]): void {
  for (const { path, id, reason } of acknowledgements) {
    const construct = stack.node.findAll().find((c) => c.node.path === `${stack.node.path}/${path}`);
    if (construct === undefined) throw new Error(`cdk-nag acknowledgement for a missing construct: ${path}`);
    Validations.of(construct).acknowledge({ id, reason });
  }
}
