import { createHash, randomBytes } from 'node:crypto';
import { AwsError } from './aws-errors.js';

/**
 * The S3 buckets the emulator holds, with versioning and Object Lock as S3 documents them: a bucket
 * created with Object Lock is versioned; every PUT adds a version (the latest is the current one);
 * a DELETE without a version id adds a delete marker and removes nothing; a version under a
 * retention period cannot be deleted (403 AccessDenied); `If-None-Match: *` refuses a PUT while the
 * key has a current object (412 PreconditionFailed), and a delete marker does not count as one.
 */
export type RetentionMode = 'COMPLIANCE' | 'GOVERNANCE';

export interface S3ObjectVersion {
  readonly key: string;
  readonly versionId: string;
  readonly deleteMarker: boolean;
  readonly body: Buffer;
  /** MD5 of the body in quotes, as S3 gives the ETag of a single-part upload. */
  readonly etag: string;
  readonly contentType: string;
  readonly lastModified: Date;
  readonly retention?: { readonly mode: RetentionMode; readonly retainUntil: Date };
}

export interface S3Bucket {
  readonly name: string;
  readonly createdAt: Date;
  readonly objectLockEnabled: boolean;
  defaultRetention?: { readonly mode: RetentionMode; readonly days: number };
  /** Every version of every key, oldest first. */
  readonly versions: Map<string, S3ObjectVersion[]>;
}

/** An S3 error: besides its code and message, the elements S3 adds to its `<Error>` (Key, BucketName, …). */
export class S3Error extends AwsError {
  readonly extra: Readonly<Record<string, string>>;
  /** Response headers S3 sends with this error (`x-amz-delete-marker` on a key deleted by a marker). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(input: {
    status: number;
    code: string;
    message: string;
    extra?: Record<string, string>;
    headers?: Record<string, string>;
  }) {
    super(input);
    this.extra = input.extra ?? {};
    this.headers = input.headers ?? {};
  }
}

function s3Error(status: number, code: string, message: string, extra: Record<string, string> = {}) {
  return new S3Error({ status, code, message, extra });
}

export const s3Errors = {
  noSuchBucket: (bucket: string) =>
    s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket }),
  noSuchKey: (key: string) => s3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }),
  noSuchVersion: (key: string, versionId: string) =>
    s3Error(404, 'NoSuchVersion', 'The specified version does not exist.', {
      Key: key,
      VersionId: versionId,
    }),
  preconditionFailed: (condition: string) =>
    s3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
      Condition: condition,
    }),
  accessDenied: () => s3Error(403, 'AccessDenied', 'Access Denied'),
  notImplemented: (header: string) =>
    s3Error(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented', {
      Header: header,
    }),
  invalidBucketName: (bucket: string) =>
    s3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: bucket }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    s3Error(
      409,
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      { BucketName: bucket },
    ),
  invalidBucketState: (message: string) => s3Error(409, 'InvalidBucketState', message),
  invalidRequest: (message: string) => s3Error(400, 'InvalidRequest', message),
  malformedXml: () =>
    s3Error(
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    ),
  methodNotAllowed: () =>
    s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.'),
} as const;

/** S3's rules for a general purpose bucket's name (the ones a typo breaks). */
const BUCKET_NAME = /^(?!xn--)(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const newVersionId = () => randomBytes(24).toString('base64url');

export class S3Buckets {
  private readonly buckets = new Map<string, S3Bucket>();

  constructor(private readonly now: () => number) {}

  /** CreateBucket; `objectLock` (header `x-amz-bucket-object-lock-enabled`) also turns versioning on. */
  create(name: string, options: { objectLock: boolean }): S3Bucket {
    if (!BUCKET_NAME.test(name)) throw s3Errors.invalidBucketName(name);
    if (this.buckets.has(name)) throw s3Errors.bucketAlreadyOwnedByYou(name);
    const bucket: S3Bucket = {
      name,
      createdAt: new Date(this.now()),
      objectLockEnabled: options.objectLock,
      versions: new Map(),
    };
    this.buckets.set(name, bucket);
    return bucket;
  }

  /**
   * Forgets every bucket, locked versions included: an arrangement for tests and the sandbox's
   * reset, which S3 itself never allows.
   */
  reset(): void {
    this.buckets.clear();
  }

  bucket(name: string): S3Bucket {
    const bucket = this.buckets.get(name);
    if (bucket === undefined) throw s3Errors.noSuchBucket(name);
    return bucket;
  }

  /** PutObjectLockConfiguration: only on a bucket created with Object Lock. */
  setDefaultRetention(name: string, retention: { mode: RetentionMode; days: number } | undefined): void {
    const bucket = this.bucket(name);
    if (!bucket.objectLockEnabled) {
      throw s3Errors.invalidBucketState('Object Lock configuration cannot be enabled on existing buckets');
    }
    if (retention === undefined) delete bucket.defaultRetention;
    else bucket.defaultRetention = retention;
  }

  /** The key's current version (the latest, which may be a delete marker), if any. */
  current(bucket: S3Bucket, key: string): S3ObjectVersion | undefined {
    return bucket.versions.get(key)?.at(-1);
  }

  putObject(input: {
    bucket: string;
    key: string;
    body: Buffer;
    contentType: string;
    ifNoneMatch?: string;
    /** Whether the request carried Content-MD5 or an x-amz-checksum-* header. */
    integrityChecked: boolean;
  }): S3ObjectVersion {
    const bucket = this.bucket(input.bucket);
    if (input.ifNoneMatch !== undefined && input.ifNoneMatch !== '*') {
      throw s3Errors.notImplemented('If-None-Match');
    }
    const current = this.current(bucket, input.key);
    if (input.ifNoneMatch === '*' && current !== undefined && !current.deleteMarker) {
      throw s3Errors.preconditionFailed('If-None-Match');
    }
    const retention = bucket.defaultRetention;
    if (retention !== undefined && !input.integrityChecked) {
      throw s3Errors.invalidRequest(
        'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters',
      );
    }
    const at = this.now();
    const version: S3ObjectVersion = {
      key: input.key,
      versionId: bucket.objectLockEnabled ? newVersionId() : 'null',
      deleteMarker: false,
      body: input.body,
      etag: `"${createHash('md5').update(input.body).digest('hex')}"`,
      contentType: input.contentType,
      lastModified: new Date(at),
      ...(retention === undefined
        ? {}
        : { retention: { mode: retention.mode, retainUntil: new Date(at + retention.days * 86_400_000) } }),
    };
    this.append(bucket, version);
    return version;
  }

  getObject(input: { bucket: string; key: string; versionId?: string }): S3ObjectVersion {
    const bucket = this.bucket(input.bucket);
    if (input.versionId === undefined) {
      const current = this.current(bucket, input.key);
      if (current === undefined) throw s3Errors.noSuchKey(input.key);
      if (current.deleteMarker) {
        const { status, code, message, extra } = s3Errors.noSuchKey(input.key);
        throw new S3Error({
          status,
          code,
          message,
          extra: { ...extra },
          headers: { 'x-amz-delete-marker': 'true' },
        });
      }
      return current;
    }
    const version = this.version(bucket, input.key, input.versionId);
    if (version.deleteMarker) throw s3Errors.methodNotAllowed();
    return version;
  }

  /**
   * DeleteObject. Without a version id on a versioned bucket: a delete marker becomes the current
   * version and nothing is removed. With one: that version goes, unless a retention period holds it.
   */
  deleteObject(input: { bucket: string; key: string; versionId?: string }): {
    versionId?: string;
    deleteMarker: boolean;
  } {
    const bucket = this.bucket(input.bucket);
    const versions = bucket.versions.get(input.key) ?? [];
    if (input.versionId === undefined) {
      if (!bucket.objectLockEnabled) {
        bucket.versions.delete(input.key);
        return { deleteMarker: false };
      }
      const marker: S3ObjectVersion = {
        key: input.key,
        versionId: newVersionId(),
        deleteMarker: true,
        body: Buffer.alloc(0),
        etag: '',
        contentType: '',
        lastModified: new Date(this.now()),
      };
      this.append(bucket, marker);
      return { versionId: marker.versionId, deleteMarker: true };
    }
    const version = versions.find((v) => v.versionId === input.versionId);
    if (version === undefined) return { versionId: input.versionId, deleteMarker: false };
    if (version.retention !== undefined && version.retention.retainUntil.getTime() > this.now()) {
      throw s3Errors.accessDenied();
    }
    const rest = versions.filter((v) => v !== version);
    if (rest.length === 0) bucket.versions.delete(input.key);
    else bucket.versions.set(input.key, rest);
    return { versionId: version.versionId, deleteMarker: version.deleteMarker };
  }

  /** Keys whose current version is an object (not a delete marker), in key order. */
  currentObjects(bucket: S3Bucket, prefix: string): S3ObjectVersion[] {
    return [...bucket.versions.keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .map((key) => this.current(bucket, key))
      .filter((v): v is S3ObjectVersion => v !== undefined && !v.deleteMarker);
  }

  /** Every version and delete marker under `prefix`: keys in order, each key's newest first. */
  allVersions(bucket: S3Bucket, prefix: string): S3ObjectVersion[] {
    return [...bucket.versions.keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .flatMap((key) => [...(bucket.versions.get(key) ?? [])].reverse());
  }

  private version(bucket: S3Bucket, key: string, versionId: string): S3ObjectVersion {
    const version = bucket.versions.get(key)?.find((v) => v.versionId === versionId);
    if (version === undefined) throw s3Errors.noSuchVersion(key, versionId);
    return version;
  }

  private append(bucket: S3Bucket, version: S3ObjectVersion): void {
    const versions = bucket.objectLockEnabled ? (bucket.versions.get(version.key) ?? []) : [];
    bucket.versions.set(version.key, [...versions, version]);
  }
}
