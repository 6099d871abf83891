import { describe, expect, it } from 'vitest';
import { botPolicies, type EvaluatedRequest, evaluate, iamArn } from '../../harness/iam-evaluator.js';

/**
 * The anchors bucket's policy (iam/anchors-bucket-policy.json) and the bot's grant on it
 * (iam/anchors-policy.json), as AWS would evaluate them, proven by an IAM policy evaluator. The
 * bucket also locks each version in compliance mode (the stack's Object Lock default retention),
 * which no policy can lift; the bucket policy refuses the calls that would try, to everyone.
 */

const anchor = iamArn.anchors('anchors/000000001042.json');
const overTls = { 'aws:SecureTransport': 'true' };
const createOnly = { ...overTls, 's3:if-none-match': '*' };

/** A request by the bot's identity with its policies (the anchors grant among them) and the bucket's. */
const asBot = (request: Omit<EvaluatedRequest, 'policies' | 'resourcePolicy'>) =>
  evaluate({
    ...request,
    policies: botPolicies,
    resourcePolicy: 'anchors-bucket-policy',
  });

/** A request by an administrator of the account, allowed everything in S3 by their own policy. */
const asAdministrator = (request: Omit<EvaluatedRequest, 'policies' | 'resourcePolicy' | 'principal'>) =>
  evaluate({
    ...request,
    principal: iamArn.user('administrator'),
    policies: [],
    documents: {
      admin: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
    },
    resourcePolicy: 'anchors-bucket-policy',
  });

describe('the bot’s grant on the anchors bucket (iam/anchors-policy.json)', () => {
  it('creates an anchor that does not exist yet (If-None-Match: *) and reads anchors back', async () => {
    expect(await asBot({ action: 's3:PutObject', resource: anchor, context: createOnly })).toBe('Allowed');
    expect(await asBot({ action: 's3:GetObject', resource: anchor, context: overTls })).toBe('Allowed');
  });

  it('lists the anchors and their versions, and nothing else of the bucket', async () => {
    for (const action of ['s3:ListBucket', 's3:ListBucketVersions']) {
      const bucket = iamArn.anchors();
      expect(
        await asBot({ action, resource: bucket, context: { ...overTls, 's3:prefix': 'anchors/' } }),
      ).toBe('Allowed');
      expect(await asBot({ action, resource: bucket, context: { ...overTls, 's3:prefix': '' } })).toBe(
        'ImplicitlyDenied',
      );
    }
  });

  it('writes nowhere else in the bucket', async () => {
    const elsewhere = iamArn.anchors('notes/anything.json');
    expect(await asBot({ action: 's3:PutObject', resource: elsewhere, context: createOnly })).toBe(
      'ImplicitlyDenied',
    );
  });

  it('is the only grant: the bot’s other policies allow nothing in S3', async () => {
    expect(
      await evaluate({
        action: 's3:PutObject',
        resource: anchor,
        context: createOnly,
        policies: botPolicies.filter((policy) => policy !== 'anchors-policy'),
      }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('the anchors bucket’s policy (iam/anchors-bucket-policy.json)', () => {
  it('refuses a write that could replace an anchor (no If-None-Match: *), to the bot and to an administrator', async () => {
    for (const context of [overTls, { ...overTls, 's3:if-none-match': 'some-etag' }]) {
      expect(await asBot({ action: 's3:PutObject', resource: anchor, context })).toBe('ExplicitlyDenied');
      expect(await asAdministrator({ action: 's3:PutObject', resource: anchor, context })).toBe(
        'ExplicitlyDenied',
      );
    }
  });

  it.each([
    ['s3:DeleteObject', anchor],
    ['s3:DeleteObjectVersion', anchor],
    ['s3:PutObjectRetention', anchor],
    ['s3:BypassGovernanceRetention', anchor],
    ['s3:PutBucketObjectLockConfiguration', iamArn.anchors()],
    ['s3:PutBucketVersioning', iamArn.anchors()],
    ['s3:PutLifecycleConfiguration', iamArn.anchors()],
  ])('refuses %s to everyone, an administrator included', async (action, resource) => {
    expect(await asBot({ action, resource, context: overTls })).toBe('ExplicitlyDenied');
    expect(await asAdministrator({ action, resource, context: overTls })).toBe('ExplicitlyDenied');
  });

  it('refuses every call made without TLS', async () => {
    const plain = { 'aws:SecureTransport': 'false' };
    expect(await asBot({ action: 's3:GetObject', resource: anchor, context: plain })).toBe(
      'ExplicitlyDenied',
    );
    expect(
      await asBot({
        action: 's3:PutObject',
        resource: anchor,
        context: { ...plain, 's3:if-none-match': '*' },
      }),
    ).toBe('ExplicitlyDenied');
  });
});
