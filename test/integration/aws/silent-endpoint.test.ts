import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useEmulatorEnvironment } from '../../../sandbox/iam-sts-emulator/index.js';
import { createChainAnchors } from '../../../src/aws/anchors.js';
import { type AwsAdapters, createAwsAdapters } from '../../../src/aws/index.js';
import { awsCallLimits, worstCaseMs } from '../../../src/aws-limits.js';
import { isResetError } from '../../../src/domain/errors.js';
import { type SilentServer, startSilentServer } from '../../harness/silent-server.js';

/** Short enough to keep the test quick; the shipped limits are in aws-limits.ts. */
const ANSWER_MS = 300;

let silent: SilentServer;
let aws: AwsAdapters;
let restoreEnvironment: () => void;

beforeAll(async () => {
  silent = await startSilentServer();
  restoreEnvironment = useEmulatorEnvironment({
    url: silent.url,
    credentials: { accessKeyId: 'AKIASILENT0000000000', secretAccessKey: 'silent' },
  });
  aws = createAwsAdapters({ region: 'us-east-1', requestTimeoutMs: ANSWER_MS });
});
afterAll(async () => {
  aws.destroy();
  restoreEnvironment();
  await silent.close();
});

/** Runs `call`, which must fail, and returns the error, how long it took and how many attempts it made. */
async function failure(call: () => Promise<unknown>) {
  const before = silent.connections;
  const started = Date.now();
  const error = await call().then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - started, attempts: silent.connections - before };
}

describe('IAM and STS against an endpoint that accepts connections and never answers', () => {
  it.each([
    ['iam:GetUser', () => aws.iam.getUser('alice')],
    ['iam:ListMFADevices', () => aws.iam.listMfaDevices('alice')],
    ['iam:ListUsers', () => aws.iam.findUsersByTag('slack-user-id', 'U0ALICE')],
  ])(
    'gives up on %s with AWS_UNAVAILABLE after the IAM attempts, within the bound',
    async (operation, call) => {
      const limits = { ...awsCallLimits.iam, answerMs: ANSWER_MS };
      const { error, ms, attempts } = await failure(call);

      expect(isResetError(error) && error.code).toBe('AWS_UNAVAILABLE');
      expect(isResetError(error) && error.details).toMatchObject({ operation, timedOut: true });
      expect((error as Error).message).toBe(`${operation} failed: AWS did not answer in time.`);
      expect(attempts).toBe(limits.maxAttempts);
      expect(ms).toBeGreaterThanOrEqual(limits.maxAttempts * ANSWER_MS);
      expect(ms).toBeLessThan(worstCaseMs(limits) + 1_000);
    },
  );

  it('gives up on sts:GetSessionToken after one attempt: a TOTP code is never sent twice', async () => {
    const { error, ms, attempts } = await failure(() =>
      aws.sts.getSessionToken({
        serial: 'arn:aws:iam::123456789012:mfa/mfa-reset-bot',
        code: '123456',
        durationSeconds: 900,
      }),
    );

    expect(isResetError(error) && error.code).toBe('AWS_UNAVAILABLE');
    expect(isResetError(error) && error.details).toMatchObject({
      operation: 'sts:GetSessionToken',
      timedOut: true,
    });
    expect(attempts).toBe(1);
    expect(ms).toBeLessThan(worstCaseMs({ ...awsCallLimits.sts, answerMs: ANSWER_MS }) + 1_000);
  });
});

describe('the chain anchors’ S3 client against an endpoint that never answers', () => {
  it('gives up with ANCHORS_UNREADABLE after the S3 attempts, within the bound', async () => {
    const anchors = createChainAnchors({
      bucket: 'anchors',
      prefix: '',
      tableName: 'mfa-reset-audit',
      region: 'us-east-1',
      requestTimeoutMs: ANSWER_MS,
    });
    const limits = { ...awsCallLimits.s3, answerMs: ANSWER_MS };
    try {
      // list() asks for the objects and their versions at once: each call makes its own attempts.
      const { error, ms, attempts } = await failure(() => anchors.list());

      expect(isResetError(error) && error.code).toBe('ANCHORS_UNREADABLE');
      expect(attempts).toBeGreaterThanOrEqual(limits.maxAttempts);
      expect(attempts).toBeLessThanOrEqual(2 * limits.maxAttempts);
      expect(ms).toBeLessThan(worstCaseMs(limits) + 1_000);
    } finally {
      anchors.destroy();
    }
  });
});
