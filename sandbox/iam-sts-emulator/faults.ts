import { AwsError, awsErrors } from './aws-errors.js';

/** The actions the emulator implements; `'*'` in a fault applies it to all of them. */
export type EmulatedAction =
  | 'GetUser'
  | 'ListUsers'
  | 'ListUserTags'
  | 'ListMFADevices'
  | 'GetLoginProfile'
  | 'ListAccessKeys'
  | 'ListGroupsForUser'
  | 'ListAttachedUserPolicies'
  | 'ListAttachedGroupPolicies'
  | 'ListUserPolicies'
  | 'GetUserPolicy'
  | 'ListGroupPolicies'
  | 'GetGroupPolicy'
  | 'DeactivateMFADevice'
  | 'DeleteVirtualMFADevice'
  | 'GetSessionToken'
  | 'GetCallerIdentity'
  | 'AssumeRole'
  | 'LookupEvents'
  | 'CreateBucket'
  | 'PutObjectLockConfiguration'
  | 'PutObject'
  | 'GetObject'
  | 'DeleteObject'
  | 'ListObjectsV2'
  | 'ListObjectVersions';

export type FaultTarget = EmulatedAction | '*';

/**
 * `close-connections`: the server destroys every socket as a request arrives (the SDK sees a
 * network error); `http-503`: it answers 503 ServiceUnavailable.
 */
export type UnavailableMode = false | 'close-connections' | 'http-503';

interface QueuedError {
  readonly error: () => AwsError;
  remaining: number;
}

/**
 * Fault injection, per action: latency, throttling or any error for the next N calls, and a
 * switch that makes the whole server unavailable. Injected errors come before authentication and
 * before the action runs, so a throttled or failed call changes nothing, as in AWS.
 */
export class FaultInjector {
  unavailable: UnavailableMode = false;
  /**
   * The network forgets every connection once its answer is sent, as a NAT or load balancer does
   * after its idle timeout without telling either end: the next request sent on that connection is
   * reset (the SDK sees `ECONNRESET`). Only a client that opens a fresh connection per call is unharmed.
   */
  forgetIdleConnections = false;
  private readonly latencies = new Map<FaultTarget, number>();
  private readonly queued = new Map<FaultTarget, QueuedError[]>();

  /** Adds `ms` of latency before every answer to `action` (0 removes it). */
  setLatency(action: FaultTarget, ms: number): void {
    if (ms > 0) this.latencies.set(action, ms);
    else this.latencies.delete(action);
  }

  /** The next `times` calls to `action` get 400 Throttling "Rate exceeded". */
  throttle(action: FaultTarget, options: { times?: number } = {}): void {
    this.enqueue(action, awsErrors.throttling, options.times ?? 1);
  }

  /** The next `times` calls to `action` fail with this error, e.g. 500 ServiceFailure. */
  failNext(
    action: FaultTarget,
    failure: { status: number; code: string; message?: string; type?: 'Sender' | 'Receiver'; times?: number },
  ): void {
    const error = () =>
      new AwsError({
        status: failure.status,
        code: failure.code,
        message: failure.message ?? `Injected ${failure.code}`,
        ...(failure.type === undefined ? {} : { type: failure.type }),
      });
    this.enqueue(action, error, failure.times ?? 1);
  }

  setUnavailable(mode: UnavailableMode): void {
    this.unavailable = mode;
  }

  /** Removes every fault. */
  reset(): void {
    this.unavailable = false;
    this.forgetIdleConnections = false;
    this.latencies.clear();
    this.queued.clear();
  }

  latencyFor(action: string): number {
    return (this.latencies.get(action as EmulatedAction) ?? 0) + (this.latencies.get('*') ?? 0);
  }

  /** The injected error for this call, if one is queued (action-specific ones first). */
  takeError(action: string): AwsError | undefined {
    for (const target of [action as EmulatedAction, '*' as const]) {
      const queue = this.queued.get(target);
      const next = queue?.[0];
      if (queue === undefined || next === undefined) continue;
      next.remaining -= 1;
      if (next.remaining <= 0) queue.shift();
      return next.error();
    }
    return undefined;
  }

  private enqueue(action: FaultTarget, error: () => AwsError, times: number): void {
    const queue = this.queued.get(action) ?? [];
    queue.push({ error, remaining: times });
    this.queued.set(action, queue);
  }
}
