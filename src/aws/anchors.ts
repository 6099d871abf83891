import {
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import * as z from 'zod';
import type { AnchorListing, ChainAnchor } from '../domain/anchors.js';
import { type ErrorCode, ResetError } from '../domain/errors.js';
import type { ChainAnchors, ChainPosition } from '../services/ports.js';
import { clientConfig } from './options.js';

/**
 * The `ChainAnchors` port over S3: one object per anchored position,
 * `PREFIXanchors/<seq, 12 digits>.json`, created with `If-None-Match: *` in a bucket whose default
 * retention (Object Lock, compliance mode) locks every version. The endpoint comes from the SDK's
 * standard `AWS_ENDPOINT_URL_S3`; with an endpoint configured, path-style addressing.
 */
export interface ChainAnchorsAdapter extends ChainAnchors {
  destroy(): void;
}

export interface ChainAnchorsOptions {
  readonly bucket: string;
  readonly prefix: string;
  /** The audit table: recorded in each anchor, and checked when one is read. */
  readonly tableName: string;
  /** The bucket's region; from the SDK's own chain (`AWS_REGION`, the profile) when unset. */
  readonly region?: string;
  /** The environment the SDK reads its endpoint from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How long one attempt may wait (default: `awsCallLimits.s3` in aws-limits.ts). */
  readonly requestTimeoutMs?: number;
}

const anchorBody = z.object({
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
  table: z.string(),
});

const SEQ_DIGITS = 12;

function failure(code: ErrorCode, operation: string, error: unknown): ResetError {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return new ResetError(code, `s3:${operation} failed: ${name ?? 'Error'}`, {
    details: {
      operation: `s3:${operation}`,
      awsCode: name ?? 'unknown',
      ...($metadata?.httpStatusCode === undefined ? {} : { httpStatus: $metadata.httpStatusCode }),
    },
    cause: error,
  });
}

export function createChainAnchors(options: ChainAnchorsOptions): ChainAnchorsAdapter {
  const env = options.env ?? process.env;
  const endpointConfigured = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
  const { region: _unset, ...limits } = clientConfig(
    {
      region: '',
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    },
    's3',
  );
  const client = new S3Client({
    ...limits,
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(endpointConfigured ? { forcePathStyle: true } : {}),
  });
  const { bucket } = options;
  const keyPrefix = `${options.prefix}anchors/`;
  const keyOf = (seq: number) => `${keyPrefix}${String(seq).padStart(SEQ_DIGITS, '0')}.json`;
  const nameOf = (key: string) => `s3://${bucket}/${key}`;
  const seqOf = (key: string): number | undefined => {
    const match = new RegExp(`^\\d{${SEQ_DIGITS}}\\.json$`).exec(key.slice(keyPrefix.length));
    return match === null ? undefined : Number.parseInt(match[0], 10);
  };

  /** The anchor in `key`, or why it is none. */
  async function read(key: string, seq: number): Promise<ChainAnchor | { reason: string }> {
    let text: string;
    try {
      const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      text = (await output.Body?.transformToString()) ?? '';
    } catch (error) {
      throw failure('ANCHORS_UNREADABLE', 'GetObject', error);
    }
    let parsed: z.infer<typeof anchorBody>;
    try {
      parsed = anchorBody.parse(JSON.parse(text));
    } catch {
      return { reason: 'its content is not {"seq", "hash", "at", "table"}' };
    }
    if (parsed.seq !== seq) return { reason: `it names event ${parsed.seq}` };
    if (parsed.table !== options.tableName) return { reason: `it names the table ${parsed.table}` };
    return { name: nameOf(key), seq, hash: parsed.hash };
  }

  async function currentKeys(): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: keyPrefix, ContinuationToken: token }),
        );
        keys.push(
          ...(page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key])),
        );
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    } catch (error) {
      throw failure('ANCHORS_UNREADABLE', 'ListObjectsV2', error);
    }
    return keys;
  }

  /** How many versions (delete markers included) each key holds. */
  async function versionCounts(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    let marker: { KeyMarker?: string; VersionIdMarker?: string } = {};
    try {
      for (;;) {
        const page = await client.send(
          new ListObjectVersionsCommand({ Bucket: bucket, Prefix: keyPrefix, ...marker }),
        );
        for (const entry of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
          if (entry.Key !== undefined) counts.set(entry.Key, (counts.get(entry.Key) ?? 0) + 1);
        }
        if (page.IsTruncated !== true) return counts;
        marker = {
          ...(page.NextKeyMarker === undefined ? {} : { KeyMarker: page.NextKeyMarker }),
          ...(page.NextVersionIdMarker === undefined ? {} : { VersionIdMarker: page.NextVersionIdMarker }),
        };
      }
    } catch (error) {
      throw failure('ANCHORS_UNREADABLE', 'ListObjectVersions', error);
    }
  }

  /** Anchor bodies never change (a key written twice is reported by its versions), so each is read once. */
  const known = new Map<string, ChainAnchor | { reason: string }>();

  return {
    async create(position: ChainPosition & { readonly at: string }) {
      const key = keyOf(position.seq);
      const body = { seq: position.seq, hash: position.hash, at: position.at, table: options.tableName };
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: JSON.stringify(body),
            ContentType: 'application/json',
            IfNoneMatch: '*',
          }),
        );
        return { created: true } as const;
      } catch (error) {
        const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
        if (name !== 'PreconditionFailed' && $metadata?.httpStatusCode !== 412) {
          throw failure('ANCHOR_WRITE_FAILED', 'PutObject', error);
        }
      }
      const existing = await read(key, position.seq);
      return { created: false, hash: 'hash' in existing ? existing.hash : undefined } as const;
    },

    async list(): Promise<AnchorListing> {
      const [keys, counts] = await Promise.all([currentKeys(), versionCounts()]);
      const anchors: ChainAnchor[] = [];
      const malformed: { name: string; seq: number; reason: string }[] = [];
      for (const key of keys) {
        const seq = seqOf(key);
        if (seq === undefined) continue; // not an anchor key: nothing the bot wrote or reads
        const found = known.get(key) ?? (await read(key, seq));
        known.set(key, found);
        if ('hash' in found) anchors.push(found);
        else malformed.push({ name: nameOf(key), seq, reason: found.reason });
      }
      const rewritten = [...counts]
        .filter(([key, versions]) => versions > 1 && seqOf(key) !== undefined)
        .map(([key, versions]) => ({ name: nameOf(key), seq: seqOf(key)!, versions }));
      return { anchors, rewritten, malformed };
    },

    destroy: () => client.destroy(),
  };
}
