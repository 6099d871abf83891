import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSlackFetch } from '../../../src/slack/http-transport.js';

/** The `fetch` the Bolt app's Web API client and `respond` use, against a local HTTP server. */
describe('the Slack clients’ HTTP transport', () => {
  let server: Server;
  let base: string;
  let connections = 0;
  const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> =
    [];
  let answer: (response: ServerResponse) => void = (response) => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'x-oauth-scopes': 'chat:write, users:read',
    });
    response.end(JSON.stringify({ ok: true }));
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += String(chunk);
      });
      request.on('end', () => {
        received.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body,
        });
        answer(response);
      });
    });
    server.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  afterEach(() => {
    received.length = 0;
    vi.restoreAllMocks();
  });

  const slackFetch = createSlackFetch({});
  const post = (body: string | FormData, init: Partial<RequestInit> = {}) =>
    slackFetch(`${base}/api/views.open`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer xoxb-test' },
      body: body as string,
      ...(init as object),
    });

  it('POSTs the body with its headers and answers with status, headers and the JSON body', async () => {
    const response = await post('trigger_id=123&view=%7B%7D');

    expect(received[0]).toMatchObject({
      method: 'POST',
      url: '/api/views.open',
      body: 'trigger_id=123&view=%7B%7D',
      headers: expect.objectContaining({
        authorization: 'Bearer xoxb-test',
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': '26',
      }),
    });
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${base}/api/views.open`);
    expect(response.headers.get('X-OAuth-Scopes')).toBe('chat:write, users:read');
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toEqual({ ok: true });
  });

  it('reuses one kept-alive connection for consecutive calls', async () => {
    await post('a=1');
    const before = connections;
    for (let i = 0; i < 5; i += 1) await post(`a=${i}`);
    expect(connections).toBe(before);
  });

  it('decodes a gzip-compressed answer, as fetch does', async () => {
    answer = (response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(gzipSync(JSON.stringify({ ok: true, compressed: true })));
    };
    try {
      expect(await (await post('a=1')).json()).toEqual({ ok: true, compressed: true });
    } finally {
      answer = (response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: true }));
      };
    }
  });

  it('reports a 429 with its retry-after header and body, for the client’s rate-limit handling', async () => {
    answer = (response) => {
      response.writeHead(429, { 'retry-after': '3' });
      response.end('rate limited');
    };
    try {
      const response = await post('a=1');
      expect(response.status).toBe(429);
      expect(response.ok).toBe(false);
      expect(response.headers.get('retry-after')).toBe('3');
      expect(await response.text()).toBe('rate limited');
    } finally {
      answer = (response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: true }));
      };
    }
  });

  it('refuses a redirect when asked to, as fetch does with redirect: "error"', async () => {
    answer = (response) => {
      response.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' });
      response.end();
    };
    try {
      await expect(post('a=1', { redirect: 'error' })).rejects.toThrow(TypeError);
    } finally {
      answer = (response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: true }));
      };
    }
  });

  it('stops waiting when the signal aborts', async () => {
    answer = () => {
      // Never answers.
    };
    try {
      await expect(post('a=1', { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({
        name: expect.stringMatching(/AbortError|TimeoutError/),
      });
    } finally {
      answer = (response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: true }));
      };
    }
  });

  it('leaves multipart uploads to fetch', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    const form = new FormData();
    form.append('file', new Blob(['hello']), 'audit.jsonl');
    const response = await post(form, { headers: {} });
    expect(spy).toHaveBeenCalledOnce();
    expect(response.status).toBe(200);
    expect(received[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('leaves requests to fetch when a proxy is configured in the environment', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    const viaProxyEnvironment = createSlackFetch({ HTTPS_PROXY: 'http://127.0.0.1:9' });
    // fetch itself ignores the variable; what matters is that the lean path steps aside.
    await viaProxyEnvironment(`${base}/api/auth.test`, { method: 'POST', body: 'a=1', headers: {} });
    expect(spy).toHaveBeenCalledOnce();
  });
});
