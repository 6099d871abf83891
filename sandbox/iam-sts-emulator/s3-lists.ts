import type { S3Buckets, S3ObjectVersion } from './s3-buckets.js';
import { s3Errors } from './s3-buckets.js';
import { type S3Answer, type Target, tag, xml } from './s3-wire.js';

/**
 * S3's two listings, as the anchors read them: ListObjectsV2 (the current objects under a prefix,
 * in key order, with an opaque continuation token) and ListObjectVersions (every version and delete
 * marker, each key's newest first, continued by key and version id markers). Pages hold at most
 * max-keys, 1,000 and the emulator's page size.
 */
const isoMillis = (date: Date) => date.toISOString();

function maxKeysOf(query: URLSearchParams, pageSize: number): number {
  const asked = query.get('max-keys');
  const value = asked === null ? 1000 : Number(asked);
  if (!Number.isInteger(value) || value < 0)
    throw s3Errors.invalidRequest('Provided max-keys not an integer or within integer range');
  return Math.min(value, 1000, pageSize);
}

/** An opaque continuation token that continues after `key`, as S3's do. */
const tokenOf = (key: string) => Buffer.from(`after:${key}`).toString('base64');
function keyOfToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString();
  if (!text.startsWith('after:'))
    throw s3Errors.invalidRequest('The continuation token provided is incorrect');
  return text.slice('after:'.length);
}

export function listObjectsV2(buckets: S3Buckets, target: Target, pageSize: number): S3Answer {
  const bucket = buckets.bucket(target.bucket);
  const { query } = target;
  const prefix = query.get('prefix') ?? '';
  const token = query.get('continuation-token');
  const after = token !== null ? keyOfToken(token) : (query.get('start-after') ?? '');
  const max = maxKeysOf(query, pageSize);
  const all = buckets.currentObjects(bucket, prefix).filter((v) => v.key > after);
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  const contents = page
    .map(
      (v) =>
        `<Contents>${tag('Key', v.key)}${tag('LastModified', isoMillis(v.lastModified))}${tag('ETag', v.etag)}` +
        `${tag('Size', v.body.length)}${tag('StorageClass', 'STANDARD')}</Contents>`,
    )
    .join('');
  const body = xml(
    'ListBucketResult',
    `${tag('Name', bucket.name)}${tag('Prefix', prefix)}${tag('KeyCount', page.length)}${tag('MaxKeys', max)}` +
      `${tag('IsTruncated', truncated)}${contents}` +
      (token === null ? '' : tag('ContinuationToken', token)) +
      (truncated ? tag('NextContinuationToken', tokenOf(page.at(-1)!.key)) : ''),
  );
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}

function versionElement(v: S3ObjectVersion, isLatest: boolean): string {
  const common = `${tag('Key', v.key)}${tag('VersionId', v.versionId)}${tag('IsLatest', isLatest)}${tag('LastModified', isoMillis(v.lastModified))}`;
  return v.deleteMarker
    ? `<DeleteMarker>${common}</DeleteMarker>`
    : `<Version>${common}${tag('ETag', v.etag)}${tag('Size', v.body.length)}${tag('StorageClass', 'STANDARD')}</Version>`;
}

export function listObjectVersions(buckets: S3Buckets, target: Target, pageSize: number): S3Answer {
  const bucket = buckets.bucket(target.bucket);
  const { query } = target;
  const prefix = query.get('prefix') ?? '';
  const keyMarker = query.get('key-marker') ?? '';
  const versionMarker = query.get('version-id-marker') ?? '';
  const max = maxKeysOf(query, pageSize);
  const all = buckets.allVersions(bucket, prefix);
  let start = 0;
  if (keyMarker !== '') {
    const marked =
      versionMarker === '' ? -1 : all.findIndex((v) => v.key === keyMarker && v.versionId === versionMarker);
    start = marked >= 0 ? marked + 1 : all.findIndex((v) => v.key > keyMarker);
    if (start < 0) start = all.length;
  }
  const page = all.slice(start, start + max);
  const truncated = start + page.length < all.length;
  const entries = page
    .map((v) => versionElement(v, buckets.current(bucket, v.key)?.versionId === v.versionId))
    .join('');
  const last = page.at(-1);
  const body = xml(
    'ListVersionsResult',
    `${tag('Name', bucket.name)}${tag('Prefix', prefix)}${tag('KeyMarker', keyMarker)}${tag('VersionIdMarker', versionMarker)}` +
      `${tag('MaxKeys', max)}${tag('IsTruncated', truncated)}${entries}` +
      (truncated && last !== undefined
        ? `${tag('NextKeyMarker', last.key)}${tag('NextVersionIdMarker', last.versionId)}`
        : ''),
  );
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}
