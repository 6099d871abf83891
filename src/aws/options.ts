import type { IAMClientConfig } from '@aws-sdk/client-iam';
import { type AwsCallLimits, awsCallLimits, clientLimits } from '../aws-limits.js';
import type { Logger } from '../services/ports.js';
import type { TagIndexOptions } from './tag-index.js';

/**
 * How the AWS adapters are built. Endpoints and the runtime identity's credentials are deliberately
 * absent: the SDK finds them itself through its standard chain (`AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL_STS`,
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, profiles, …), so deployments and tests configure
 * the bot exactly as they would configure the AWS CLI.
 */
export interface AwsAdapterOptions {
  /** From `AWS_REGION`. IAM is a global service, but the SDK still needs a region to sign for. */
  readonly region: string;
  readonly logger?: Logger;
  /**
   * How long one HTTP attempt may wait for AWS (default: `awsCallLimits` in aws-limits.ts), so that
   * a hanging AWS call fails as AWS_UNAVAILABLE instead of holding an approval open forever.
   */
  readonly requestTimeoutMs?: number;
  /**
   * The `tag` mapping rule's reading of the account (see tag-index.ts): how long it is reused,
   * and the most users it reads (default 1,000).
   */
  readonly tagIndex?: TagIndexOptions & { readonly maxUsers?: number };
  /** The most time the IAM reads of an approver's risk facts take together (default 2 s). */
  readonly riskFactsBudgetMs?: number;
  /**
   * STS only: the step-up key (the bot's IAM user's access key) when it is not the runtime
   * identity, as a named profile or as the key itself. Every other client uses the SDK's chain.
   */
  readonly stepUpKey?:
    | { readonly profile: string }
    | { readonly accessKeyId: string; readonly secretAccessKey: string };
  /**
   * IAM and CloudTrail only: whom the reads run as, when not the runtime identity: in a member
   * account, its reader role (reader-role.ts). The SDK keeps the role's credentials and renews
   * them before they expire.
   */
  readonly readAs?: IAMClientConfig['credentials'];
}

/** The settings of the IAM, STS, CloudTrail or S3 client: region and the shared time limits. */
export function clientConfig(options: AwsAdapterOptions, service: 'iam' | 'sts' | 'cloudtrail' | 's3') {
  const defaults: AwsCallLimits = awsCallLimits[service];
  const limits =
    options.requestTimeoutMs === undefined ? defaults : { ...defaults, answerMs: options.requestTimeoutMs };
  return {
    region: options.region,
    // Reuse each command's resolved middleware stack instead of rebuilding it on every call.
    cacheMiddleware: true,
    ...clientLimits(limits),
    ...(service === 'sts' ? stepUpCredentials(options.stepUpKey) : {}),
    ...((service === 'iam' || service === 'cloudtrail') && options.readAs !== undefined
      ? { credentials: options.readAs }
      : {}),
  };
}

/** The STS client's own credentials when the step-up key is apart: the SDK's `profile` or static keys. */
function stepUpCredentials(key: AwsAdapterOptions['stepUpKey']) {
  if (key === undefined) return {};
  if ('profile' in key) return { profile: key.profile };
  return { credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey } };
}
