import type { IncomingHttpHeaders } from 'node:http';
import type { RetentionMode, S3Buckets, S3Error, S3ObjectVersion } from './s3-buckets.js';
import { s3Errors } from './s3-buckets.js';
import { listObjectsV2, listObjectVersions } from './s3-lists.js';
import { type S3Answer, type S3Request, tag, targetOf } from './s3-wire.js';

/**
 * S3's REST wire format for the calls the anchors use, path-style (`/BUCKET/KEY`, as the SDK sends
 * with `forcePathStyle`): CreateBucket (with `x-amz-bucket-object-lock-enabled`),
 * PutObjectLockConfiguration, PutObject (with `If-None-Match: *`), GetObject, DeleteObject,
 * ListObjectsV2 and ListObjectVersions. Answers are S3's XML, errors `<Error><Code>…</Code>…`.
 */

/** The operation a request names, for the call log and for faults. */
export function s3Operation(request: Pick<S3Request, 'method' | 'url'>): string {
  const { key, query } = targetOf(request.url);
  const method = request.method.toUpperCase();
  if (key === undefined) {
    if (method === 'PUT') return query.has('object-lock') ? 'PutObjectLockConfiguration' : 'CreateBucket';
    if (method === 'GET' && query.has('versions')) return 'ListObjectVersions';
    if (method === 'GET' && query.get('list-type') === '2') return 'ListObjectsV2';
    return `${method} bucket`;
  }
  return { PUT: 'PutObject', GET: 'GetObject', DELETE: 'DeleteObject' }[method] ?? `${method} object`;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The payload of an `aws-chunked` body: `size;chunk-signature=…\r\ndata\r\n` … `0\r\n` trailers. */
function decodeChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) throw s3Errors.invalidRequest('Malformed aws-chunked body');
    const size = Number.parseInt(body.subarray(at, lineEnd).toString().split(';')[0]!, 16);
    if (!Number.isInteger(size) || size < 0) throw s3Errors.invalidRequest('Malformed aws-chunked body');
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function payloadOf(request: S3Request): Buffer {
  const encoding = header(request.headers, 'content-encoding') ?? '';
  const sha = header(request.headers, 'x-amz-content-sha256') ?? '';
  return encoding.includes('aws-chunked') || sha.startsWith('STREAMING-')
    ? decodeChunked(request.body)
    : request.body;
}

/** `<ObjectLockConfiguration>` with a default retention in days (or years, as 365 days each). */
function retentionOf(body: string): { mode: RetentionMode; days: number } | undefined {
  if (!/<ObjectLockEnabled>Enabled<\/ObjectLockEnabled>/.test(body)) throw s3Errors.malformedXml();
  if (!/<DefaultRetention>/.test(body)) return undefined;
  const mode = /<Mode>(COMPLIANCE|GOVERNANCE)<\/Mode>/.exec(body)?.[1] as RetentionMode | undefined;
  const days = /<Days>(\d+)<\/Days>/.exec(body)?.[1];
  const years = /<Years>(\d+)<\/Years>/.exec(body)?.[1];
  if (mode === undefined || (days === undefined) === (years === undefined)) throw s3Errors.malformedXml();
  return { mode, days: days !== undefined ? Number(days) : Number(years) * 365 };
}

function objectHeaders(v: S3ObjectVersion, bucketVersioned: boolean): Record<string, string> {
  return {
    etag: v.etag,
    'last-modified': v.lastModified.toUTCString(),
    ...(bucketVersioned ? { 'x-amz-version-id': v.versionId } : {}),
    ...(v.retention === undefined
      ? {}
      : {
          'x-amz-object-lock-mode': v.retention.mode,
          'x-amz-object-lock-retain-until-date': v.retention.retainUntil.toISOString(),
        }),
  };
}

/** Answers one S3 request against `buckets`; S3 errors are thrown as `S3Error`. */
export function answerS3(buckets: S3Buckets, request: S3Request, options: { pageSize: number }): S3Answer {
  const target = targetOf(request.url);
  const operation = s3Operation(request);
  const empty = (status: number, headers: Record<string, string> = {}): S3Answer => ({
    status,
    headers,
    body: '',
  });
  switch (operation) {
    case 'CreateBucket': {
      const lock = header(request.headers, 'x-amz-bucket-object-lock-enabled')?.toLowerCase() === 'true';
      buckets.create(target.bucket, { objectLock: lock });
      return empty(200, { location: `/${target.bucket}` });
    }
    case 'PutObjectLockConfiguration':
      buckets.setDefaultRetention(target.bucket, retentionOf(payloadOf(request).toString('utf8')));
      return empty(200);
    case 'ListObjectsV2':
      return listObjectsV2(buckets, target, options.pageSize);
    case 'ListObjectVersions':
      return listObjectVersions(buckets, target, options.pageSize);
    case 'PutObject': {
      if (header(request.headers, 'if-match') !== undefined) throw s3Errors.notImplemented('If-Match');
      const ifNoneMatch = header(request.headers, 'if-none-match');
      const version = buckets.putObject({
        bucket: target.bucket,
        key: target.key!,
        body: payloadOf(request),
        contentType: header(request.headers, 'content-type') ?? 'binary/octet-stream',
        ...(ifNoneMatch === undefined ? {} : { ifNoneMatch }),
        integrityChecked: Object.keys(request.headers).some(
          (name) => name === 'content-md5' || name.startsWith('x-amz-checksum-') || name === 'x-amz-trailer',
        ),
      });
      const versioned = buckets.bucket(target.bucket).objectLockEnabled;
      return empty(200, {
        etag: version.etag,
        ...(versioned ? { 'x-amz-version-id': version.versionId } : {}),
      });
    }
    case 'GetObject': {
      const versionId = target.query.get('versionId') ?? undefined;
      const bucket = buckets.bucket(target.bucket);
      const version = buckets.getObject({
        bucket: target.bucket,
        key: target.key!,
        ...(versionId ? { versionId } : {}),
      });
      return {
        status: 200,
        headers: {
          'content-type': version.contentType,
          'content-length': String(version.body.length),
          ...objectHeaders(version, bucket.objectLockEnabled),
        },
        body: version.body,
      };
    }
    case 'DeleteObject': {
      const versionId = target.query.get('versionId') ?? undefined;
      const deleted = buckets.deleteObject({
        bucket: target.bucket,
        key: target.key!,
        ...(versionId ? { versionId } : {}),
      });
      return empty(204, {
        ...(deleted.versionId === undefined ? {} : { 'x-amz-version-id': deleted.versionId }),
        ...(deleted.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}),
      });
    }
    default:
      throw s3Errors.methodNotAllowed();
  }
}

export function s3ErrorBody(
  error: S3Error | { code: string; message: string; extra?: Record<string, string> },
  requestId: string,
): string {
  const extra = Object.entries(error.extra ?? {})
    .map(([name, value]) => tag(name, value))
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${tag('Code', error.code)}${tag('Message', error.message)}` +
    `${extra}${tag('RequestId', requestId)}${tag('HostId', Buffer.from(requestId).toString('base64'))}</Error>`
  );
}
