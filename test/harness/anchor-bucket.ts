import { CreateBucketCommand, PutObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import type { AccessKeyPair } from '../../sandbox/iam-sts-emulator/index.js';

/**
 * An S3 client of the emulator, as an operator's or an attacker's own: path-style, one attempt,
 * explicit endpoint and credentials (not the bot's adapter).
 */
export function s3ClientOf(url: string, credentials: AccessKeyPair): S3Client {
  return new S3Client({
    endpoint: url,
    forcePathStyle: true,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
  });
}

/**
 * The anchors' bucket as the stack makes it, through S3's own calls: Object Lock on at creation,
 * then a default retention in compliance mode, so that every version is locked.
 */
export async function createAnchorBucket(input: {
  url: string;
  credentials: AccessKeyPair;
  bucket: string;
  retentionDays?: number;
}): Promise<void> {
  const s3 = s3ClientOf(input.url, input.credentials);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: input.bucket, ObjectLockEnabledForBucket: true }));
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: input.bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: input.retentionDays ?? 365 } },
        },
      }),
    );
  } finally {
    s3.destroy();
  }
}
