import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type Placement, policyDocument } from './policies.js';
import type { StackSettings } from './settings.js';

/**
 * Where the bot anchors the audit chain outside its table (config `audit.anchors.bucket`): each
 * anchor is an object written once and locked in compliance mode for `anchorRetentionDays`, which
 * no one, the account's root included, can shorten or lift. The bucket policy is the file
 * iam/anchors-bucket-policy.json: writes that could replace an object (no `If-None-Match: *`),
 * deletions, retention and lock changes, lifecycle rules and plain HTTP are refused to everyone.
 */
export class AnchorsBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: { settings: StackSettings }) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      ...(props.settings.anchorsBucket === '' ? {} : { bucketName: props.settings.anchorsBucket }),
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(
        Duration.days(props.settings.anchorRetentionDays),
      ),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Puts the bucket policy of iam/ on the bucket, its names localised like every policy file's. */
  applyPolicy(settings: StackSettings, place: Placement): void {
    const document = policyDocument('anchors-bucket-policy', settings, place) as { Statement: object[] };
    for (const statement of document.Statement) {
      this.bucket.addToResourcePolicy(PolicyStatement.fromJson(statement));
    }
  }
}
