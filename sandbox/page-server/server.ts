import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from '../sandbox.js';
import { type ApiRoute, apiRoutes } from './api.js';
import type { AppManifest } from './manifest.js';
import { Notices } from './notices.js';

/**
 * The page that stands in for Slack: static files from ../page (no build step) and a JSON API on
 * 127.0.0.1 only. Live updates go out as Server-Sent Events carrying a version number; the page
 * fetches what changed. Requests for another host name are refused (so a web page elsewhere cannot
 * reach the sandbox through DNS rebinding), and POSTs must be JSON (so they cannot come from a
 * plain cross-site form).
 */
export interface PageServerOptions {
  readonly sandbox: Sandbox;
  readonly manifest: AppManifest;
  /** On 127.0.0.1; 0 picks a free port. */
  readonly port: number;
}

export interface PageServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const pageDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'page');
const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  // The page's files and its emoji images (emoji/*.svg), by their paths relative to the page.
  const files = new Set(
    (await readdir(pageDir, { recursive: true })).filter((name) => extname(name) in contentTypes),
  );
  const events = new Set<ServerResponse>();
  let version = 0;
  let pending: NodeJS.Timeout | undefined;
  const changed = () => {
    version += 1;
    // Changes come in bursts (a reset, a submission and its updates): tell the page once per burst.
    pending ??= setTimeout(() => {
      pending = undefined;
      for (const response of events) response.write(`data: {"version":${version}}\n\n`);
    }, 25);
  };
  const stopListening = options.sandbox.slack.onChange(changed);
  const routes = apiRoutes({
    sandbox: options.sandbox,
    manifest: options.manifest,
    notices: new Notices(),
    version: () => version,
    changed,
  });

  let allowedHosts: ReadonlySet<string> = new Set();
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error) });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      response.writeHead(421, { 'content-type': 'text/plain' }).end(`This sandbox answers only at ${url}`);
      return;
    }
    const { pathname, searchParams } = new URL(request.url ?? '/', url);
    if (request.method === 'GET' && pathname === '/api/events') return openEventStream(response);
    if (pathname.startsWith('/api/'))
      return answerApi(routes[`${request.method} ${pathname}`], request, response, searchParams);
    const name = pathname === '/' ? 'index.html' : pathname.slice(1);
    if (request.method !== 'GET' || !files.has(name)) return sendJson(response, 404, { error: 'not found' });
    const body = await readFile(join(pageDir, name));
    response.writeHead(200, { ...securityHeaders, 'content-type': contentTypes[extname(name)]! }).end(body);
  }

  function openEventStream(response: ServerResponse): void {
    response.writeHead(200, {
      ...securityHeaders,
      'content-type': 'text/event-stream',
      connection: 'keep-alive',
    });
    response.write(`retry: 1000\ndata: {"version":${version}}\n\n`);
    events.add(response);
    response.on('close', () => events.delete(response));
  }

  const heartbeat = setInterval(() => {
    for (const response of events) response.write(': still here\n\n');
  }, 15_000);
  heartbeat.unref();

  const port = await listen(server, options.port);
  const url = `http://127.0.0.1:${port}/`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url,
    port,
    close: async () => {
      stopListening();
      clearInterval(heartbeat);
      clearTimeout(pending);
      for (const response of events) response.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answerApi(
  route: ApiRoute | undefined,
  request: IncomingMessage,
  response: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  if (route === undefined) return sendJson(response, 404, { error: 'no such API' });
  let body: unknown;
  if (request.method === 'POST') {
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(response, 415, { error: 'send JSON' });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return sendJson(response, 400, { error: 'the body is not JSON' });
    }
  }
  const answer = await route({ body, query: Object.fromEntries(query) });
  sendJson(response, answer.status, answer.body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...securityHeaders, 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** Listens on 127.0.0.1 only; the default port falls back to a free one when it is taken. */
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
