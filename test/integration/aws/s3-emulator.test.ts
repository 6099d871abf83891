import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BotUser,
  type IamStsEmulator,
  startIamStsEmulator,
} from '../../../sandbox/iam-sts-emulator/index.js';

/**
 * The emulator's S3, seen through the real S3 client (path-style, explicit endpoint, no retries):
 * versioning and Object Lock as S3 documents them, for the calls the anchors make.
 */
async function failureOf(promise: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return {
      name: e.name,
      ...(e.$metadata?.httpStatusCode === undefined ? {} : { status: e.$metadata.httpStatusCode }),
    };
  }
  throw new Error('expected the call to fail');
}

const BUCKET = 'anchors-test';
const KEY = 'anchors/000000000001.json';

describe("the emulator's S3", () => {
  let emulator: IamStsEmulator;
  let bot: BotUser;
  let s3: S3Client;

  const put = (body: string, options: { ifNoneMatch?: boolean; key?: string } = {}) =>
    s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: options.key ?? KEY,
        Body: body,
        ContentType: 'application/json',
        ...(options.ifNoneMatch === false ? {} : { IfNoneMatch: '*' }),
      }),
    );
  const read = async (key = KEY, versionId?: string) => {
    const output = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, VersionId: versionId }));
    return output.Body!.transformToString();
  };
  const versionsOf = async (prefix = 'anchors/') => {
    const output = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: prefix }));
    return {
      versions: (output.Versions ?? []).map((v) => [v.Key, v.IsLatest]),
      markers: (output.DeleteMarkers ?? []).map((m) => [m.Key, m.IsLatest]),
    };
  };

  beforeEach(async () => {
    emulator = await startIamStsEmulator({ s3PageSize: 2 });
    bot = emulator.state.addBotUser({ approvers: ['U0APPROVER'] });
    s3 = new S3Client({
      endpoint: emulator.url,
      forcePathStyle: true,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: bot.accessKeyId, secretAccessKey: bot.secretAccessKey },
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET, ObjectLockEnabledForBucket: true }));
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: BUCKET,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } },
        },
      }),
    );
  });
  afterEach(async () => {
    s3.destroy();
    await emulator.close();
  });

  it('creates an object once: a second conditional create of the key answers 412 PreconditionFailed', async () => {
    const created = await put('{"seq":1}');
    expect(created.VersionId).toEqual(expect.any(String));

    expect(await failureOf(put('{"seq":1,"forged":true}'))).toEqual({
      name: 'PreconditionFailed',
      status: 412,
    });
    expect(await read()).toBe('{"seq":1}');
    expect(await versionsOf()).toEqual({ versions: [[KEY, true]], markers: [] });
  });

  it('keeps a locked version when the key is written again without the condition: a new version on top', async () => {
    const first = await put('{"seq":1}');
    const second = await put('{"seq":1,"forged":true}', { ifNoneMatch: false });

    expect(second.VersionId).not.toBe(first.VersionId);
    expect(await read()).toBe('{"seq":1,"forged":true}');
    expect(await read(KEY, first.VersionId)).toBe('{"seq":1}');
    expect(await versionsOf()).toEqual({
      versions: [
        [KEY, true],
        [KEY, false],
      ],
      markers: [],
    });
  });

  it('refuses to delete a version under compliance retention (403 AccessDenied)', async () => {
    const { VersionId } = await put('{"seq":1}');

    expect(
      await failureOf(s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: KEY, VersionId }))),
    ).toEqual({
      name: 'AccessDenied',
      status: 403,
    });
    expect(await read(KEY, VersionId)).toBe('{"seq":1}');
  });

  it('answers a delete without a version id with a delete marker, hiding the key but keeping the version', async () => {
    const { VersionId } = await put('{"seq":1}');

    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: KEY }));

    expect(deleted).toMatchObject({ DeleteMarker: true, VersionId: expect.any(String) });
    expect(await failureOf(read())).toEqual({ name: 'NoSuchKey', status: 404 });
    expect(await read(KEY, VersionId)).toBe('{"seq":1}');
    expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'anchors/' }))).KeyCount).toBe(
      0,
    );
    expect(await versionsOf()).toEqual({ versions: [[KEY, false]], markers: [[KEY, true]] });
    // A key whose current version is a delete marker has no object: a conditional create succeeds.
    await put('{"seq":1,"again":true}');
  });

  it('lists the current objects under a prefix page by page, and every version page by page', async () => {
    const keys = [1, 2, 3, 4, 5].map((n) => `anchors/${String(n).padStart(12, '0')}.json`);
    for (const key of keys) await put('{}', { key });
    await put('{"again":true}', { key: keys[2]!, ifNoneMatch: false });
    await put('{}', { key: 'elsewhere/1.json' });

    const listed: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'anchors/', ContinuationToken: token }),
      );
      expect(page.KeyCount).toBeLessThanOrEqual(2);
      listed.push(...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
    } while (token !== undefined);
    expect(listed).toEqual(keys);

    const versions: string[] = [];
    let marker: { KeyMarker?: string; VersionIdMarker?: string } = {};
    for (;;) {
      const page = await s3.send(
        new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'anchors/', ...marker }),
      );
      versions.push(...(page.Versions ?? []).map((v) => v.Key!));
      if (page.IsTruncated !== true) break;
      marker = { KeyMarker: page.NextKeyMarker!, VersionIdMarker: page.NextVersionIdMarker! };
    }
    expect(versions).toEqual([keys[0], keys[1], keys[2], keys[2], keys[3], keys[4]]);
  });

  it('answers NoSuchBucket and NoSuchKey as S3 does, and refuses unknown credentials', async () => {
    expect(await failureOf(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: KEY })))).toEqual({
      name: 'NoSuchBucket',
      status: 404,
    });
    expect(await failureOf(read('anchors/missing.json'))).toEqual({ name: 'NoSuchKey', status: 404 });
    const stranger = new S3Client({
      endpoint: emulator.url,
      forcePathStyle: true,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' },
    });
    expect(await failureOf(stranger.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY })))).toEqual({
      name: 'AccessDenied',
      status: 403,
    });
    stranger.destroy();
  });

  it('refuses an Object Lock configuration on a bucket created without Object Lock', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'plain-bucket' }));
    const configure = s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: 'plain-bucket',
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
        },
      }),
    );
    expect(await failureOf(configure)).toEqual({ name: 'InvalidBucketState', status: 409 });
  });
});
