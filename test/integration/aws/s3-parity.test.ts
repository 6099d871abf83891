import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../sandbox/dynamodb-local.js';
import { type IamStsEmulator, startIamStsEmulator } from '../../../sandbox/iam-sts-emulator/index.js';
import { createChainAnchors } from '../../../src/aws/anchors.js';
import { s3ClientOf } from '../../harness/anchor-bucket.js';

/**
 * The emulator's S3 checked against an independent implementation: moto's server (Python, where
 * the machine has it; `moto_server` on PATH), which models versioning, Object Lock and conditional
 * writes on its own. The same calls go to both through the real S3 client, and the answers the
 * anchors rely on must be the same. Where moto departs from S3's documentation (it answers
 * InvalidBucketState with 400, S3 documents 409) the emulator follows S3 and the case is left out.
 */
const motoAvailable = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;

type Outcome = Record<string, unknown>;

async function outcome(call: Promise<object>, keep: readonly string[] = []): Promise<Outcome> {
  try {
    const output = (await call) as Record<string, unknown>;
    return { ok: true, ...Object.fromEntries(keep.map((name) => [name, output[name]])) };
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { error: e.name, status: e.$metadata?.httpStatusCode };
  }
}

/** What the anchors depend on, as seen by a client: each call's success or error, and the lists. */
async function scenario(s3: S3Client): Promise<Outcome[]> {
  const bucket = 'parity-anchors';
  const key = 'anchors/000000000001.json';
  const put = (body: string, condition: boolean, k = key) =>
    s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: k,
        Body: body,
        ...(condition ? { IfNoneMatch: '*' } : {}),
      }),
    );
  const versions = async () => {
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'anchors/' }));
    return {
      versions: (listed.Versions ?? []).map((v) => [v.Key, v.IsLatest]),
      markers: (listed.DeleteMarkers ?? []).map((m) => [m.Key, m.IsLatest]),
    };
  };
  const results: Outcome[] = [];
  results.push(
    await outcome(s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }))),
  );
  results.push(
    await outcome(
      s3.send(
        new PutObjectLockConfigurationCommand({
          Bucket: bucket,
          ObjectLockConfiguration: {
            ObjectLockEnabled: 'Enabled',
            Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
          },
        }),
      ),
    ),
  );
  const first = await put('{"seq":1}', true);
  results.push({ created: typeof first.VersionId === 'string' });
  results.push(await outcome(put('{"seq":1,"again":true}', true)));
  results.push(await outcome(put('{"seq":1,"forged":true}', false)));
  results.push(await versions());
  results.push(
    await outcome(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: first.VersionId }))),
  );
  results.push(
    await outcome(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })), ['DeleteMarker']),
  );
  results.push(await outcome(s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))));
  results.push(await versions());
  results.push(await outcome(put('{"seq":1,"after":"marker"}', true)));
  results.push(await outcome(s3.send(new GetObjectCommand({ Bucket: 'parity-missing', Key: key }))));
  for (const n of [2, 3, 4]) await put('{}', true, `anchors/00000000000${n}.json`);
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'anchors/', MaxKeys: 2 }));
  const rest = await s3.send(
    new ListObjectsV2Command({
      Bucket: bucket,
      Prefix: 'anchors/',
      ContinuationToken: page.NextContinuationToken,
    }),
  );
  results.push({
    firstPage: page.Contents?.map((c) => c.Key),
    truncated: page.IsTruncated,
    rest: rest.Contents?.map((c) => c.Key),
  });
  return results;
}

describe.skipIf(!motoAvailable)('the emulator’s S3 against moto’s', () => {
  let emulator: IamStsEmulator;
  let moto: ChildProcess;
  let motoUrl: string;
  const clients: S3Client[] = [];

  beforeAll(async () => {
    emulator = await startIamStsEmulator();
    const port = await freePort();
    motoUrl = `http://127.0.0.1:${port}`;
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    for (let tries = 0; ; tries += 1) {
      const up = await fetch(`${motoUrl}/moto-api/`).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (tries > 100) throw new Error('moto_server did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 30_000);
  afterAll(async () => {
    for (const client of clients) client.destroy();
    moto?.kill();
    await emulator?.close();
  });

  it('answers the anchors’ calls as moto does: conditional create, versions, locked deletes, delete markers, pages', async () => {
    const bot = emulator.state.addBotUser({ approvers: ['U0APPROVER'] });
    const local = s3ClientOf(emulator.url, bot);
    const independent = s3ClientOf(motoUrl, { accessKeyId: 'AKIAPARITY', secretAccessKey: 'parity' });
    clients.push(local, independent);

    const [ours, theirs] = [await scenario(local), await scenario(independent)];

    expect(ours).toEqual(theirs);
    // And what was compared is what S3 documents.
    expect(ours[3]).toEqual({ error: 'PreconditionFailed', status: 412 });
    expect(ours[6]).toEqual({ error: 'AccessDenied', status: 403 });
    expect(ours[8]).toEqual({ error: 'NoSuchKey', status: 404 });
  });

  it('lets the bot’s anchors adapter find a rewritten anchor in moto’s S3 too', async () => {
    const independent = s3ClientOf(motoUrl, { accessKeyId: 'AKIAPARITY', secretAccessKey: 'parity' });
    clients.push(independent);
    await independent.send(
      new CreateBucketCommand({ Bucket: 'parity-adapter', ObjectLockEnabledForBucket: true }),
    );
    const anchors = createChainAnchors({
      bucket: 'parity-adapter',
      prefix: '',
      tableName: 'parity-table',
      region: 'us-east-1',
      env: { AWS_ENDPOINT_URL_S3: motoUrl },
    });
    const saved = {
      endpoint: process.env.AWS_ENDPOINT_URL_S3,
      key: process.env.AWS_ACCESS_KEY_ID,
      secret: process.env.AWS_SECRET_ACCESS_KEY,
    };
    try {
      process.env.AWS_ENDPOINT_URL_S3 = motoUrl;
      process.env.AWS_ACCESS_KEY_ID = 'AKIAPARITY';
      process.env.AWS_SECRET_ACCESS_KEY = 'parity';
      const hash = 'a'.repeat(64);
      expect(await anchors.create({ seq: 1, hash, at: 'now' })).toEqual({ created: true });
      expect(await anchors.create({ seq: 1, hash: 'b'.repeat(64), at: 'now' })).toEqual({
        created: false,
        hash,
      });
      await independent.send(
        new PutObjectCommand({
          Bucket: 'parity-adapter',
          Key: 'anchors/000000000001.json',
          Body: JSON.stringify({ seq: 1, hash, at: 'again', table: 'parity-table' }),
        }),
      );
      expect((await anchors.list()).rewritten).toEqual([
        { name: 's3://parity-adapter/anchors/000000000001.json', seq: 1, versions: 2 },
      ]);
    } finally {
      anchors.destroy();
      for (const [name, value] of [
        ['AWS_ENDPOINT_URL_S3', saved.endpoint],
        ['AWS_ACCESS_KEY_ID', saved.key],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
