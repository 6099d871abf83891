import { Worker } from 'node:worker_threads';
import type { Transport, TransportAnswer, Wire } from '../../sandbox/slack-driver/index.js';

/** What the sending thread posts back for each request. */
type ThreadAnswer = (TransportAnswer & { id: number; error?: undefined }) | { id: number; error: string };

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

/**
 * The sending thread runs own-thread-sender.ts, TypeScript, through tsx (a dev dependency) registered
 * on that thread: vitest's own transform does not reach worker threads.
 */
const SENDER = new URL('./own-thread-sender.ts', import.meta.url).href;
const BOOT = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(SENDER)}); });`;

export function ownThreadTransport(): OwnThreadTransport {
  const worker = new Worker(BOOT, { eval: true });
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
