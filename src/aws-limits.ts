/**
 * How long every AWS client the bot builds (IAM, STS, DynamoDB, CloudTrail, S3, and the command line's
 * DynamoDB, CloudTrail and S3 clients) may wait, in one place. Without these an endpoint that accepts the connection and never
 * answers holds a call open forever: the SDK's `requestTimeout` alone only logs a warning unless
 * `throwOnRequestTimeout` is set, and nothing watches a response whose body stops arriving.
 *
 * Endpoints and credentials are deliberately not here: the SDK finds them through its standard
 * chain (`AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_DYNAMODB`, …).
 */
export interface AwsCallLimits {
  /** Most time to open the connection. */
  readonly connectMs: number;
  /** Most time one attempt waits for the answer to start, and for each further piece of it. */
  readonly answerMs: number;
  /** Attempts per call, the first included: the SDK retries throttling, 5xx and timeouts. */
  readonly maxAttempts: number;
  /**
   * Whether a call may reuse a kept-alive connection. One that sat idle can have been forgotten by
   * the network; the next request on it fails with `ECONNRESET`. A retried call shrugs that off; a
   * call with one attempt cannot, so it opens a fresh connection every time.
   */
  readonly reuseConnections: boolean;
}

/** The SDK's standard retry waits at most this long before an attempt (100 ms × 2^attempt, capped). */
const RETRY_BACKOFF_ALLOWANCE_MS = 1_000;

export const awsCallLimits = {
  /** Reads and resets. A retried reset is safe: a device already gone counts as reset. */
  iam: { connectMs: 3_000, answerMs: 10_000, maxAttempts: 3, reuseConnections: true },
  /**
   * One attempt only: a TOTP code works once, so a retry would be refused and blamed on the approver.
   * So no stale connection either: an approval must not fail on `ECONNRESET` from an idle socket.
   */
  sts: { connectMs: 3_000, answerMs: 10_000, maxAttempts: 1, reuseConnections: false },
  /** The audit store: a Slack interaction is waiting, and "store down" must fail closed quickly. */
  dynamodb: { connectMs: 1_000, answerMs: 3_000, maxAttempts: 2, reuseConnections: true },
  /** The CloudTrail check: nobody is waiting, and LookupEvents throttles at 2 calls a second. */
  cloudtrail: { connectMs: 3_000, answerMs: 10_000, maxAttempts: 3, reuseConnections: true },
  /** The chain's anchors: written and checked in the background; a create retried after a lost answer meets its own 412. */
  s3: { connectMs: 3_000, answerMs: 10_000, maxAttempts: 3, reuseConnections: true },
} as const satisfies Record<string, AwsCallLimits>;

/** The client settings that enforce `limits`, for any AWS SDK v3 client on Node's HTTP handler. */
export function clientLimits(limits: AwsCallLimits) {
  return {
    maxAttempts: limits.maxAttempts,
    requestHandler: {
      connectionTimeout: Math.min(limits.connectMs, limits.answerMs),
      requestTimeout: limits.answerMs,
      throwOnRequestTimeout: true,
      // Watches the socket once the answer has started: a body that stops arriving fails too.
      socketTimeout: limits.answerMs,
      // The SDK's own handler builds its agents from these options (keep-alive is its default).
      ...(limits.reuseConnections
        ? {}
        : { httpAgent: { keepAlive: false }, httpsAgent: { keepAlive: false } }),
    },
  };
}

/** The longest a call to an endpoint that never answers takes to fail: every attempt timing out. */
export function worstCaseMs(limits: AwsCallLimits): number {
  return limits.maxAttempts * limits.answerMs + (limits.maxAttempts - 1) * RETRY_BACKOFF_ALLOWANCE_MS;
}

/** Whether an SDK failure is one of these limits running out (or the OS giving up on the socket). */
export function isTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'TimeoutError' || code === 'ETIMEDOUT';
}
