import { randomUUID } from 'node:crypto';
import type { Caller } from './auth.js';
import { trailExpiration, userIdentityOf, usernameOf } from './cloudtrail-identity.js';
import type { EmulatedRoleSession } from './roles.js';

/**
 * The emulated account's CloudTrail: every successful IAM change the emulator makes is recorded
 * as a management event, in the shape LookupEvents returns (EventId, EventName, EventTime,
 * Username, Resources, and the CloudTrailEvent JSON string with userIdentity and
 * requestParameters), whoever made it: the bot, a role session, or a test acting as an administrator.
 * AssumeRole calls are recorded too (STS events), in the role's account and, when the caller is
 * in another account, in the caller's as well, the two records sharing a `sharedEventID`.
 */
export interface CloudTrailRecord {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventTime: Date;
  readonly eventSource: string;
  readonly readOnly: boolean;
  readonly username: string;
  readonly accessKeyId: string;
  readonly resources: ReadonlyArray<{ readonly ResourceType: string; readonly ResourceName: string }>;
  /** The full record, as CloudTrail keeps it (LookupEvents returns it as a JSON string). */
  readonly record: Readonly<Record<string, unknown>>;
}

/**
 * The IAM actions whose successful calls are recorded: the resets the bot's check compares, and a
 * member enrolling a device (where the bot's follow-through reads the call's source address).
 */
export const recordedIamActions: ReadonlySet<string> = new Set([
  'DeactivateMFADevice',
  'DeleteVirtualMFADevice',
  'EnableMFADevice',
]);

function resourcesOf(action: string, params: Readonly<Record<string, string>>) {
  const resources: Array<{ ResourceType: string; ResourceName: string }> = [];
  if (params.UserName !== undefined)
    resources.push({ ResourceType: 'AWS::IAM::User', ResourceName: params.UserName });
  if (params.SerialNumber !== undefined) {
    resources.push({ ResourceType: 'AWS::IAM::MFADevice', ResourceName: params.SerialNumber });
  }
  return action === 'DeleteVirtualMFADevice'
    ? resources.filter((r) => r.ResourceType !== 'AWS::IAM::User')
    : resources;
}

export class CloudTrailLog {
  private readonly log: CloudTrailRecord[] = [];

  constructor(
    private readonly accountId: string,
    private readonly region: string,
  ) {}

  /** Records one successful IAM change, as CloudTrail would a few minutes later. */
  recordIamChange(input: {
    action: string;
    params: Readonly<Record<string, string>>;
    caller: Caller;
    at: Date;
    requestId: string;
    userAgent?: string;
  }): CloudTrailRecord {
    return this.append({
      ...input,
      eventName: input.action,
      eventSource: 'iam.amazonaws.com',
      readOnly: false,
      resources: resourcesOf(input.action, input.params),
      fields: {
        requestParameters: {
          ...(input.params.UserName === undefined ? {} : { userName: input.params.UserName }),
          ...(input.params.SerialNumber === undefined ? {} : { serialNumber: input.params.SerialNumber }),
        },
        responseElements: null,
      },
    });
  }

  /** Records a successful AssumeRole call that issued `session`. */
  recordAssumeRole(input: {
    params: Readonly<Record<string, string>>;
    caller: Caller;
    session: EmulatedRoleSession;
    at: Date;
    requestId: string;
    userAgent?: string;
    sharedEventId?: string;
  }): CloudTrailRecord {
    const { session, params } = input;
    const roleArn = session.role.arn;
    return this.append({
      ...input,
      eventName: 'AssumeRole',
      eventSource: 'sts.amazonaws.com',
      readOnly: true,
      resources: [
        { ResourceType: 'AWS::IAM::AccessKey', ResourceName: session.accessKeyId },
        { ResourceType: 'AWS::STS::AssumedRole', ResourceName: session.assumedRoleId },
        { ResourceType: 'AWS::IAM::Role', ResourceName: roleArn },
      ],
      fields: {
        requestParameters: {
          roleArn,
          roleSessionName: session.sessionName,
          ...(params.DurationSeconds === undefined
            ? {}
            : { durationSeconds: Number(params.DurationSeconds) }),
          ...(params.ExternalId === undefined ? {} : { externalId: params.ExternalId }),
        },
        responseElements: {
          credentials: {
            accessKeyId: session.accessKeyId,
            sessionToken: session.sessionToken,
            expiration: trailExpiration(session.expiration),
          },
          assumedRoleUser: { assumedRoleId: session.assumedRoleId, arn: session.arn },
        },
        resources: [{ accountId: session.role.accountId, type: 'AWS::IAM::Role', ARN: roleArn }],
        ...(input.sharedEventId === undefined ? {} : { sharedEventID: input.sharedEventId }),
      },
    });
  }

  private append(input: {
    eventName: string;
    eventSource: string;
    readOnly: boolean;
    caller: Caller;
    at: Date;
    requestId: string;
    userAgent?: string;
    resources: CloudTrailRecord['resources'];
    fields: Record<string, unknown>;
  }): CloudTrailRecord {
    const eventId = randomUUID();
    const record: CloudTrailRecord = {
      eventId,
      eventName: input.eventName,
      eventTime: input.at,
      eventSource: input.eventSource,
      readOnly: input.readOnly,
      username: usernameOf(input.caller),
      accessKeyId: input.caller.accessKeyId,
      resources: input.resources,
      record: {
        eventVersion: '1.08',
        userIdentity: userIdentityOf(input.caller, input.at),
        eventTime: input.at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        eventSource: input.eventSource,
        eventName: input.eventName,
        awsRegion: this.region,
        sourceIPAddress: '127.0.0.1',
        userAgent: input.userAgent ?? 'unknown',
        requestID: input.requestId,
        eventID: eventId,
        readOnly: input.readOnly,
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: this.accountId,
        eventCategory: 'Management',
        ...input.fields,
      },
    };
    this.log.push(record);
    return record;
  }

  /** Every record, oldest first. */
  get records(): readonly CloudTrailRecord[] {
    return this.log;
  }

  clear(): void {
    this.log.length = 0;
  }
}
