import type { Logger } from '../services/ports.js';

/**
 * How the AWS adapters are built. Endpoints and credentials are deliberately absent: the SDK
 * finds them itself through its standard chain (`AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL_STS`,
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, profiles, …), so deployments and tests configure
 * the bot exactly as they would configure the AWS CLI.
 */
export interface AwsAdapterOptions {
  /** From `AWS_REGION`. IAM is a global service, but the SDK still needs a region to sign for. */
  readonly region: string;
  readonly logger?: Logger;
  /**
   * How long one HTTP attempt may stay silent before it is abandoned (default 10 s), so that a
   * hanging AWS call fails as AWS_UNAVAILABLE instead of holding an approval open forever.
   */
  readonly requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const CONNECTION_TIMEOUT_MS = 3_000;

/** The client settings IAM and STS clients share. */
export function baseClientConfig(options: AwsAdapterOptions) {
  return {
    region: options.region,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      // Without this the pinned SDK only logs a warning and keeps waiting.
      throwOnRequestTimeout: true,
      connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, options.requestTimeoutMs ?? CONNECTION_TIMEOUT_MS),
    },
  };
}
