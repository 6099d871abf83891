import { Worker } from 'node:worker_threads';
import type { Transport, TransportAnswer, Wire } from '../../src/sandbox/slack-driver/index.js';

/** What the sending thread posts back for each request. */
type ThreadAnswer = TransportAnswer & { id: number; error?: string };

/**
 * Sends the driver's requests from a worker thread of its own. In a test where this process also
 * plays Slack's API and AWS for busy bots, its event loop is late to read an answer that has
 * already arrived; Slack's servers are not. Timed on that thread, `elapsedMs` is what Slack would
 * see: from the request leaving to the whole answer back.
 */
export interface OwnThreadTransport {
  readonly transport: Transport;
  close(): Promise<void>;
}

const SENDER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ id, url, wire, timeoutMs }) => {
  const startedAt = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: wire.headers,
      body: wire.body,
      ...(timeoutMs !== undefined && { signal: AbortSignal.timeout(timeoutMs) }),
    });
    const text = await response.text();
    parentPort.postMessage({
      id, timedOut: false, status: response.status, text,
      contentType: response.headers.get('content-type') ?? '',
      elapsedMs: performance.now() - startedAt,
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    parentPort.postMessage({
      id, timedOut: true, elapsedMs: performance.now() - startedAt,
      ...(timedOut ? {} : { error: String(error && error.stack ? error.stack : error) }),
    });
  }
});
`;

export function ownThreadTransport(): OwnThreadTransport {
  const worker = new Worker(SENDER, { eval: true });
  worker.unref();
  const waiting = new Map<
    number,
    { resolve: (answer: TransportAnswer) => void; reject: (e: Error) => void }
  >();
  let nextId = 1;
  worker.on('message', (answer: ThreadAnswer) => {
    const caller = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.error !== undefined) caller?.reject(new Error(`sending thread: ${answer.error}`));
    else caller?.resolve(answer);
  });
  worker.on('error', (error) => {
    for (const caller of waiting.values()) caller.reject(error);
    waiting.clear();
  });
  const transport: Transport = (url: string, wire: Wire, timeoutMs?: number) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, url, wire, timeoutMs });
    });
  return {
    transport,
    close: async () => {
      await worker.terminate();
    },
  };
}
