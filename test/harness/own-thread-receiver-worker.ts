import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { RECEIVED_AT_HEADER } from '../../sandbox/fake-slack/index.js';

/**
 * The worker of own-thread-receiver.ts: an HTTP server on a thread of its own that notes when each
 * request arrived and passes it on to the fake Slack with that time in RECEIVED_AT_HEADER.
 */
const port = parentPort;
if (port === null) throw new Error('own-thread-receiver-worker.ts runs as a worker thread');
const target = String((workerData as { target: string }).target);

const server = createServer(async (request, response) => {
  const receivedAt = Date.now();
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers.set(name, value);
    }
    headers.set(RECEIVED_AT_HEADER, String(receivedAt));
    const method = request.method ?? 'GET';
    const answer = await fetch(new URL(request.url ?? '/', target), {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
    });
    const body = Buffer.from(await answer.arrayBuffer());
    const passed: Record<string, string> = {};
    for (const name of ['content-type', 'x-oauth-scopes']) {
      const value = answer.headers.get(name);
      if (value !== null) passed[name] = value;
    }
    response.writeHead(answer.status, passed).end(body);
  } catch (error) {
    response.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
  }
});
server.listen(0, '127.0.0.1', () => {
  port.postMessage({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
