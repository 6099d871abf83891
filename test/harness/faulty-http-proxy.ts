import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy in front of a real service (DynamoDB Local) that can be told to fail:
 * every request, or only the operations named by their `X-Amz-Target` (e.g. TransactWriteItems),
 * by dropping the connection, or slow them down. Lets a test take the audit store down at an exact
 * step, or line up concurrent writers so that only DynamoDB's conditions can tell them apart.
 */
export interface FaultyHttpProxy {
  readonly url: string;
  /**
   * Drop every request from now on (`true`), none (`false`), or only these operations: after letting
   * `skip` of them through, the next `times` (default: all).
   */
  failRequests(which: boolean | { operations: readonly string[]; times?: number; skip?: number }): void;
  /**
   * Holds requests this long before passing them on (0: none), like a slow network: every request,
   * or only the operations named (`TransactWriteItems`, …).
   */
  delayRequests(ms: number, options?: { readonly operations?: readonly string[] }): void;
  /** Operations seen, by `X-Amz-Target` suffix (e.g. `TransactWriteItems`), failed ones marked. */
  readonly seen: readonly { operation: string; failed: boolean }[];
  close(): Promise<void>;
}

export async function startFaultyHttpProxy(targetUrl: string): Promise<FaultyHttpProxy> {
  const target = new URL(targetUrl);
  let failing: boolean | { operations: readonly string[]; times: number; skip: number } = false;
  let delayMs = 0;
  const seen: { operation: string; failed: boolean }[] = [];
  let delayOnly: readonly string[] | undefined;

  function shouldFail(operation: string): boolean {
    if (failing === true) return true;
    if (failing === false || !failing.operations.includes(operation)) return false;
    if (failing.skip > 0) {
      failing.skip -= 1;
      return false;
    }
    if (failing.times <= 0) return false;
    failing.times -= 1;
    return true;
  }

  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const operation =
      String(incoming.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    const failed = shouldFail(operation);
    seen.push({ operation, failed });
    if (failed) {
      incoming.socket.destroy();
      return;
    }
    const forward = () => {
      const forwarded = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      incoming.pipe(forwarded);
    };
    if (delayMs > 0 && (delayOnly === undefined || delayOnly.includes(operation))) {
      incoming.pause();
      setTimeout(forward, delayMs);
    } else {
      forward();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    failRequests: (which) => {
      failing =
        typeof which === 'boolean'
          ? which
          : { operations: which.operations, times: which.times ?? Infinity, skip: which.skip ?? 0 };
    },
    delayRequests: (ms, delayOptions) => {
      delayMs = ms;
      delayOnly = delayOptions?.operations;
    },
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
