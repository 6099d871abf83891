import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BotUser,
  type IamStsEmulator,
  startIamStsEmulator,
  useEmulatorEnvironment,
} from '../../../sandbox/iam-sts-emulator/index.js';
import { type ChainAnchorsAdapter, createChainAnchors } from '../../../src/aws/anchors.js';
import { isResetError } from '../../../src/domain/errors.js';
import { createAnchorBucket, s3ClientOf } from '../../harness/anchor-bucket.js';

/**
 * The anchors' S3 adapter as the bot builds it (endpoint from AWS_ENDPOINT_URL_S3, credentials
 * from the SDK's chain) against the emulator's S3, whose pages are kept small to make it page.
 */
const BUCKET = 'anchors-adapter';
const TABLE = 'mfa-reset-audit';
const hash = (n: number) => n.toString(16).padStart(64, '0');
const keyOf = (seq: number) => `trail/anchors/${String(seq).padStart(12, '0')}.json`;

describe('the chain anchors in S3', () => {
  let emulator: IamStsEmulator;
  let bot: BotUser;
  let restore: () => void;
  let anchors: ChainAnchorsAdapter;

  const putRaw = async (key: string, body: string, options: { ifNoneMatch?: boolean } = {}) => {
    const s3 = s3ClientOf(emulator.url, bot);
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: body,
        ...(options.ifNoneMatch === false ? {} : { IfNoneMatch: '*' }),
      }),
    );
    s3.destroy();
  };

  beforeEach(async () => {
    emulator = await startIamStsEmulator({ s3PageSize: 2 });
    bot = emulator.state.addBotUser({ approvers: ['U0APPROVER'] });
    restore = useEmulatorEnvironment({ url: emulator.url, credentials: bot });
    await createAnchorBucket({ url: emulator.url, credentials: bot, bucket: BUCKET });
    anchors = createChainAnchors({ bucket: BUCKET, prefix: 'trail/', tableName: TABLE, region: 'us-east-1' });
  });
  afterEach(async () => {
    anchors.destroy();
    restore();
    await emulator.close();
  });

  it('creates one object per seq, path-style at the configured endpoint, and answers a second create with the first one’s hash', async () => {
    expect(await anchors.create({ seq: 7, hash: hash(7), at: '2026-12-07T12:00:00.000Z' })).toEqual({
      created: true,
    });
    expect(await anchors.create({ seq: 7, hash: hash(8), at: '2026-12-07T12:01:00.000Z' })).toEqual({
      created: false,
      hash: hash(7),
    });

    const [version] = emulator.s3.bucket(BUCKET).versions.get(keyOf(7))!;
    expect(JSON.parse(version!.body.toString())).toEqual({
      seq: 7,
      hash: hash(7),
      at: '2026-12-07T12:00:00.000Z',
      table: TABLE,
    });
    expect(version!.contentType).toBe('application/json');
    expect(emulator.state.callsTo('PutObject').map((call) => [call.params.path, call.status])).toEqual([
      [`/${BUCKET}/${keyOf(7)}`, 200],
      [`/${BUCKET}/${keyOf(7)}`, 412],
    ]);
  });

  it('lists every anchor over several pages, and every key holding more than one version', async () => {
    for (const seq of [1, 2, 3, 4, 5]) await anchors.create({ seq, hash: hash(seq), at: 'now' });
    await putRaw(keyOf(3), JSON.stringify({ seq: 3, hash: hash(33), at: 'later', table: TABLE }), {
      ifNoneMatch: false,
    });

    const listing = await anchors.list();

    expect(listing.anchors.map((anchor) => [anchor.seq, anchor.hash])).toEqual([
      [1, hash(1)],
      [2, hash(2)],
      [3, hash(33)],
      [4, hash(4)],
      [5, hash(5)],
    ]);
    expect(listing.anchors[0]!.name).toBe(`s3://${BUCKET}/${keyOf(1)}`);
    expect(listing.rewritten).toEqual([{ name: `s3://${BUCKET}/${keyOf(3)}`, seq: 3, versions: 2 }]);
    expect(listing.malformed).toEqual([]);
  });

  it('reports objects under the anchors’ keys that are no anchor of this trail, and skips other keys', async () => {
    await putRaw(keyOf(1), 'not json');
    await putRaw(keyOf(2), JSON.stringify({ seq: 3, hash: hash(3), at: 'now', table: TABLE }));
    await putRaw(keyOf(4), JSON.stringify({ seq: 4, hash: hash(4), at: 'now', table: 'another-table' }));
    await putRaw('trail/anchors/README.txt', 'hello');

    const listing = await anchors.list();

    expect(listing.anchors).toEqual([]);
    expect(listing.malformed.map((m) => [m.seq, m.reason])).toEqual([
      [1, expect.stringContaining('content is not')],
      [2, 'it names event 3'],
      [4, 'it names the table another-table'],
    ]);
  });

  it('throws ANCHORS_UNREADABLE when S3 cannot be read, ANCHOR_WRITE_FAILED when it cannot be written', async () => {
    emulator.faults.failNext('ListObjectsV2', { status: 403, code: 'AccessDenied' });
    const listed = await anchors.list().catch((error: unknown) => error);
    expect(isResetError(listed) && [listed.code, listed.details.awsCode]).toEqual([
      'ANCHORS_UNREADABLE',
      'AccessDenied',
    ]);

    emulator.faults.failNext('PutObject', { status: 403, code: 'AccessDenied' });
    const created = await anchors
      .create({ seq: 1, hash: hash(1), at: 'now' })
      .catch((error: unknown) => error);
    expect(isResetError(created) && created.code).toBe('ANCHOR_WRITE_FAILED');
  });
});
