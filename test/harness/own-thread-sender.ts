import { parentPort } from 'node:worker_threads';
import { fetchTransport, type Wire } from '../../sandbox/slack-driver/wire.js';

/**
 * The worker of own-thread-transport.ts: sends each request it is given with the driver's own
 * `fetchTransport`, so the answer is timed on this thread, and posts the answer back.
 */
const port = parentPort;
if (port === null) throw new Error('own-thread-sender.ts runs as a worker thread');

port.on('message', async (message: { id: number; url: string; wire: Wire; timeoutMs?: number }) => {
  try {
    port.postMessage({
      id: message.id,
      ...(await fetchTransport(message.url, message.wire, message.timeoutMs)),
    });
  } catch (error) {
    port.postMessage({
      id: message.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
