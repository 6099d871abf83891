import { randomUUID } from 'node:crypto';
import type { Caller } from './auth.js';

/**
 * The emulated account's CloudTrail: every successful IAM change the emulator makes is recorded
 * as a management event, in the shape LookupEvents returns (EventId, EventName, EventTime,
 * Username, Resources, and the CloudTrailEvent JSON string with userIdentity and
 * requestParameters), whoever made it: the bot, or a test acting as an administrator.
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

function userIdentity(caller: Caller, accountId: string, at: Date): Record<string, unknown> {
  return {
    type: 'IAMUser',
    principalId: caller.user.userId,
    arn: caller.user.arn,
    accountId,
    accessKeyId: caller.accessKeyId,
    userName: caller.user.userName,
    // Session credentials (GetSessionToken) carry a session context saying whether MFA proved them.
    ...(caller.session === undefined
      ? {}
      : {
          sessionContext: {
            attributes: { creationDate: at.toISOString(), mfaAuthenticated: String(caller.mfaAuthenticated) },
          },
        }),
  };
}

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
    const eventId = randomUUID();
    const requestParameters = {
      ...(input.params.UserName === undefined ? {} : { userName: input.params.UserName }),
      ...(input.params.SerialNumber === undefined ? {} : { serialNumber: input.params.SerialNumber }),
    };
    const record: CloudTrailRecord = {
      eventId,
      eventName: input.action,
      eventTime: input.at,
      eventSource: 'iam.amazonaws.com',
      readOnly: false,
      username: input.caller.user.userName,
      accessKeyId: input.caller.accessKeyId,
      resources: resourcesOf(input.action, input.params),
      record: {
        eventVersion: '1.08',
        userIdentity: userIdentity(input.caller, this.accountId, input.at),
        eventTime: input.at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        eventSource: 'iam.amazonaws.com',
        eventName: input.action,
        awsRegion: this.region,
        sourceIPAddress: '127.0.0.1',
        userAgent: input.userAgent ?? 'unknown',
        requestParameters,
        responseElements: null,
        requestID: input.requestId,
        eventID: eventId,
        readOnly: false,
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: this.accountId,
        eventCategory: 'Management',
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
