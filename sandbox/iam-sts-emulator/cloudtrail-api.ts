import { createHash } from 'node:crypto';
import { AwsError } from './aws-errors.js';
import type { CloudTrailLog, CloudTrailRecord } from './cloudtrail-log.js';

/**
 * CloudTrail's LookupEvents in its own wire protocol (AWS JSON 1.1: a POST whose `X-Amz-Target`
 * names the operation, JSON in and out, timestamps as epoch seconds, errors as `__type` and
 * `message`). Events come newest first, at most MaxResults (1–50) per page, with an opaque
 * NextToken that only continues the query it came from.
 */
export const CLOUDTRAIL_TARGET_PREFIX = 'CloudTrail_20131101.';

const LOOKUP_KEYS: Readonly<Record<string, (record: CloudTrailRecord) => string[]>> = {
  EventId: (r) => [r.eventId],
  EventName: (r) => [r.eventName],
  ReadOnly: (r) => [String(r.readOnly)],
  Username: (r) => [r.username],
  ResourceType: (r) => r.resources.map((resource) => resource.ResourceType),
  ResourceName: (r) => r.resources.map((resource) => resource.ResourceName),
  EventSource: (r) => [r.eventSource],
  AccessKeyId: (r) => [r.accessKeyId],
};

function invalid(code: string, message: string): AwsError {
  return new AwsError({ status: 400, code, message });
}

/** The operation an `X-Amz-Target` header names (the SDK sends `CloudTrail_20131101.Op`; the docs show a longer prefix). */
export function cloudTrailOperation(target: string | undefined): string | undefined {
  if (target === undefined) return undefined;
  const at = target.indexOf(CLOUDTRAIL_TARGET_PREFIX);
  return at < 0 ? undefined : target.slice(at + CLOUDTRAIL_TARGET_PREFIX.length);
}

function epochSeconds(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalid(
      'ValidationException',
      `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must be a timestamp`,
    );
  }
  return value * 1000;
}

interface LookupRequest {
  LookupAttributes?: Array<{ AttributeKey?: string; AttributeValue?: string }>;
  StartTime?: unknown;
  EndTime?: unknown;
  MaxResults?: unknown;
  NextToken?: unknown;
}

function fingerprint(request: LookupRequest): string {
  const { NextToken: _ignored, MaxResults: _also, ...query } = request;
  return createHash('sha256').update(JSON.stringify(query)).digest('hex').slice(0, 16);
}

function offsetOf(token: unknown, query: string): number {
  if (token === undefined || token === null) return 0;
  const [offset, issuedFor] =
    typeof token === 'string' ? Buffer.from(token, 'base64url').toString().split(':') : [];
  if (issuedFor !== query || !Number.isInteger(Number(offset))) {
    throw invalid('InvalidNextTokenException', 'Invalid NextToken.');
  }
  return Number(offset);
}

function eventOf(record: CloudTrailRecord): Record<string, unknown> {
  return {
    EventId: record.eventId,
    EventName: record.eventName,
    ReadOnly: String(record.readOnly),
    AccessKeyId: record.accessKeyId,
    EventTime: record.eventTime.getTime() / 1000,
    EventSource: record.eventSource,
    Username: record.username,
    Resources: record.resources.map((resource) => ({ ...resource })),
    CloudTrailEvent: JSON.stringify(record.record),
  };
}

export function lookupEvents(
  body: unknown,
  log: CloudTrailLog,
  options: { pageSize: number; now: number },
): Record<string, unknown> {
  const request = (typeof body === 'object' && body !== null ? body : {}) as LookupRequest;
  const attributes = request.LookupAttributes ?? [];
  if (!Array.isArray(attributes) || attributes.length > 1) {
    throw invalid('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  }
  const [attribute] = attributes;
  const select = attribute === undefined ? undefined : LOOKUP_KEYS[attribute.AttributeKey ?? ''];
  if (attribute !== undefined && (select === undefined || typeof attribute.AttributeValue !== 'string')) {
    throw invalid('InvalidLookupAttributesException', `Invalid lookup attribute: ${attribute.AttributeKey}.`);
  }
  const start = epochSeconds(request.StartTime, 'startTime') ?? options.now - 90 * 86_400_000;
  const end = epochSeconds(request.EndTime, 'endTime') ?? options.now;
  if (start > end) throw invalid('InvalidTimeRangeException', 'Start time must be before end time.');
  const max = request.MaxResults === undefined ? 50 : Number(request.MaxResults);
  if (!Number.isInteger(max) || max < 1 || max > 50) {
    throw invalid('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  }
  const query = fingerprint(request);
  const offset = offsetOf(request.NextToken, query);
  const matching = [...log.records]
    .filter((record) => record.eventTime.getTime() >= start && record.eventTime.getTime() <= end)
    .filter((record) => select === undefined || select(record).includes(attribute!.AttributeValue!))
    .reverse();
  const end_ = offset + Math.min(max, options.pageSize);
  return {
    Events: matching.slice(offset, end_).map(eventOf),
    ...(end_ < matching.length ? { NextToken: Buffer.from(`${end_}:${query}`).toString('base64url') } : {}),
  };
}
