import { CloudTrailClient, type Event, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import * as z from 'zod';
import {
  type AccountMfaEnablement,
  type AccountMfaReset,
  type MfaResetAction,
  mfaResetActions,
} from '../domain/account-trail.js';
import type { AccountTrail, EnrolmentTrail, Logger } from '../services/ports.js';
import { translateAwsError } from './errors.js';
import { type AwsAdapterOptions, clientConfig } from './options.js';

/**
 * The `AccountTrail` port over CloudTrail's LookupEvents: the account's management events for the
 * two MFA reset actions, every page of them; and the `EnrolmentTrail` port: a user's
 * EnableMFADevice calls, with the address each came from. The endpoint comes from the SDK's standard chain,
 * `AWS_ENDPOINT_URL_CLOUDTRAIL` included. LookupEvents filters on one attribute per call, so each
 * action is looked up on its own.
 */
export interface AccountTrailAdapter extends AccountTrail, EnrolmentTrail {
  destroy(): void;
}

/** The parts of a CloudTrail record (the `CloudTrailEvent` JSON string) the check reads. */
const cloudTrailRecord = z.object({
  eventID: z.string().optional(),
  eventTime: z.string().optional(),
  sourceIPAddress: z.string().optional(),
  errorCode: z.string().optional(),
  requestParameters: z
    .object({ userName: z.string().optional(), serialNumber: z.string().optional() })
    .nullish(),
  userIdentity: z
    .object({
      type: z.string().optional(),
      arn: z.string().optional(),
      userName: z.string().optional(),
      accessKeyId: z.string().optional(),
      sessionContext: z
        .object({ attributes: z.object({ mfaAuthenticated: z.string().optional() }).optional() })
        .optional(),
    })
    .optional(),
});

const MAX_RESULTS = 50;

export function createAccountTrail(options: AwsAdapterOptions & { logger: Logger }): AccountTrailAdapter {
  const client = new CloudTrailClient(clientConfig(options, 'cloudtrail'));

  /** The CloudTrail record an event carries; undefined (logged) for one that cannot be read. */
  function recordOf(event: Event): z.infer<typeof cloudTrailRecord> | undefined {
    try {
      return cloudTrailRecord.parse(JSON.parse(event.CloudTrailEvent ?? '{}'));
    } catch (error) {
      options.logger.warn({ eventId: event.EventId, err: error }, 'unreadable CloudTrail record skipped');
      return undefined;
    }
  }

  /** The event as the domain sees it, or undefined for a failed call or a record without a device. */
  function toReset(action: MfaResetAction, event: Event): AccountMfaReset | undefined {
    const parsed = recordOf(event);
    if (parsed === undefined) return undefined;
    // A failed call changed nothing; CloudTrail records it with its error code.
    if (parsed.errorCode !== undefined) return undefined;
    const serial = parsed.requestParameters?.serialNumber;
    const eventId = event.EventId ?? parsed.eventID;
    const at = event.EventTime?.toISOString() ?? parsed.eventTime;
    if (serial === undefined || eventId === undefined || at === undefined) return undefined;
    const identity = parsed.userIdentity;
    const mfa = identity?.sessionContext?.attributes?.mfaAuthenticated;
    const iamUserName = parsed.requestParameters?.userName;
    return {
      eventId,
      action,
      at: new Date(at).toISOString(),
      serial,
      ...(iamUserName === undefined ? {} : { iamUserName }),
      caller: {
        ...(identity?.type === undefined ? {} : { type: identity.type }),
        ...(identity?.arn === undefined ? {} : { arn: identity.arn }),
        ...(identity?.userName === undefined ? {} : { userName: identity.userName }),
        ...(identity?.accessKeyId === undefined ? {} : { accessKeyId: identity.accessKeyId }),
        ...(mfa === undefined ? {} : { mfaAuthenticated: mfa === 'true' }),
      },
    };
  }

  /** The record of a successful EnableMFADevice, or undefined for a failed call or an unreadable record. */
  function toEnablement(event: Event): AccountMfaEnablement | undefined {
    const parsed = recordOf(event);
    if (parsed === undefined) return undefined;
    const serial = parsed.requestParameters?.serialNumber;
    const iamUserName = parsed.requestParameters?.userName;
    const eventId = event.EventId ?? parsed.eventID;
    const at = event.EventTime?.toISOString() ?? parsed.eventTime;
    if (parsed.errorCode !== undefined || serial === undefined || iamUserName === undefined) return undefined;
    if (eventId === undefined || at === undefined) return undefined;
    return {
      eventId,
      at: new Date(at).toISOString(),
      serial,
      iamUserName,
      ...(parsed.sourceIPAddress === undefined ? {} : { sourceIp: parsed.sourceIPAddress }),
    };
  }

  async function lookUp(action: MfaResetAction, range: { from: Date; to: Date }): Promise<AccountMfaReset[]> {
    const resets: AccountMfaReset[] = [];
    for (const event of await eventsNamed(action, range)) {
      const reset = toReset(action, event);
      if (reset !== undefined) resets.push(reset);
    }
    return resets;
  }

  async function eventsNamed(name: string, range: { from: Date; to: Date }): Promise<Event[]> {
    const events: Event[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }],
          StartTime: range.from,
          EndTime: range.to,
          MaxResults: MAX_RESULTS,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
      events.push(...(page.Events ?? []));
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    return events;
  }

  return {
    async mfaResets(range) {
      try {
        const perAction = await Promise.all(mfaResetActions.map((action) => lookUp(action, range)));
        return perAction.flat();
      } catch (error) {
        throw translateAwsError(error, { operation: 'cloudtrail:LookupEvents' });
      }
    },
    async mfaEnablements(query) {
      try {
        const events = await eventsNamed('EnableMFADevice', query);
        return events
          .map(toEnablement)
          .filter((found) => found !== undefined && found.iamUserName === query.iamUserName)
          .map((found) => found!);
      } catch (error) {
        throw translateAwsError(error, { operation: 'cloudtrail:LookupEvents' });
      }
    },
    destroy: () => client.destroy(),
  };
}
