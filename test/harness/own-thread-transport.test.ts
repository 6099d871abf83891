import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownThreadTransport } from './own-thread-transport.js';

/** Blocks this thread's event loop, as a test process busy playing Slack and AWS would. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('the own-thread transport', () => {
  let server: Server;
  let url: string;
  let answered: () => void = () => {};
  const sender = ownThreadTransport();

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += String(chunk);
      });
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ echoed: body, signature: request.headers['x-slack-signature'] }));
        answered();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await sender.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the bytes and headers it is given and returns the answer', async () => {
    const answer = await sender.transport(url, {
      body: 'payload=%7B%7D',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Signature': 'v0=abc' },
    });
    expect(answer).toMatchObject({ timedOut: false, status: 200, contentType: 'application/json' });
    expect(answer.timedOut ? undefined : JSON.parse(answer.text)).toEqual({
      echoed: 'payload=%7B%7D',
      signature: 'v0=abc',
    });
  });

  it('times the answer on its own thread, however late this thread reads it', async () => {
    const served = new Promise<void>((resolve) => {
      answered = resolve;
    });
    const startedAt = performance.now();
    const sending = sender.transport(url, { body: '{}', headers: { 'Content-Type': 'application/json' } });
    await served;
    busyFor(600);
    const answer = await sending;
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(600);
    expect(answer.elapsedMs).toBeLessThan(400);
  });

  it('says when the app did not answer in time', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const answer = await sender.transport(`http://127.0.0.1:${port}/`, { body: '', headers: {} }, 200);
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
    expect(answer.timedOut).toBe(true);
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(150);
  });
});
