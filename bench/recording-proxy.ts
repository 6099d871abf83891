import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Interval } from './stats.js';

/**
 * A pass-through HTTP proxy on 127.0.0.1 that records, for every request, what it was and when it
 * was in flight (performance.now() from the moment the request reached the proxy to the moment its
 * answer was fully written back). Put in front of DynamoDB Local, the IAM/STS emulator and the fake
 * Slack API it measures how long the bot waited on each; in front of the bot, how long Slack
 * waited on the bot. The hop itself costs a fraction of a millisecond, counted with the call.
 */
export interface ProxiedCall extends Interval {
  /** DynamoDB: the X-Amz-Target operation; AWS Query: the Action; otherwise the URL path. */
  readonly operation: string;
  readonly status: number;
  /** The answer's body, for the callers that keep them (`keepBodies`). */
  readonly responseBody?: string;
}

export interface RecordingProxy {
  readonly url: string;
  readonly calls: readonly ProxiedCall[];
  /** Recorded calls from `mark` (a `calls.length` read earlier) on. */
  since(mark: number): ProxiedCall[];
  close(): Promise<void>;
}

function operationOf(request: IncomingMessage, body: string): string {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1];
  if (action !== undefined) return action;
  return new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function withoutFraming(headers: IncomingHttpHeaders, length: number): IncomingHttpHeaders {
  const copy = { ...headers };
  delete copy['transfer-encoding'];
  return { ...copy, 'content-length': String(length) };
}

export async function startRecordingProxy(options: {
  target: string;
  keepBodies?: boolean;
}): Promise<RecordingProxy> {
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true });
  const calls: ProxiedCall[] = [];

  const server: Server = createServer((incoming, outgoing) => {
    const startMs = performance.now();
    readAll(incoming)
      .then((body) => {
        const operation = operationOf(incoming, body.toString('utf8'));
        const forwarded = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: incoming.method,
            path: incoming.url,
            headers: withoutFraming(incoming.headers, body.length),
            agent,
          },
          (response) => {
            readAll(response).then(
              (answer) => {
                outgoing.writeHead(
                  response.statusCode ?? 502,
                  withoutFraming(response.headers, answer.length),
                );
                outgoing.end(answer, () => {
                  calls.push({
                    operation,
                    startMs,
                    endMs: performance.now(),
                    status: response.statusCode ?? 502,
                    ...(options.keepBodies ? { responseBody: answer.toString('utf8') } : {}),
                  });
                });
              },
              () => outgoing.destroy(),
            );
          },
        );
        forwarded.on('error', () => outgoing.destroy());
        forwarded.end(body);
      })
      .catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    since: (mark) => calls.slice(mark),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}
