import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { webApi } from '@slack/bolt';

/**
 * The `fetch` the Slack clients use (Bolt's `clientOptions.fetch`: Web API calls and `respond`).
 *
 * A Web API call is a small string body POSTed to Slack and a small JSON answer. Node's built-in
 * `fetch` builds WHATWG streams, a Request and a Response around each one, which costs the bot more
 * CPU per call than the call itself (`npm run bench` measures it). For string bodies this sends
 * the request with `node:http(s)` over keep-alive connections and answers with a plain object
 * that has the part of `Response` the Slack clients read. Anything else — multipart uploads,
 * other methods, redirects to follow, a proxy configured in the environment — goes to
 * `globalThis.fetch` unchanged.
 */

type FetchInit = NonNullable<Parameters<webApi.FetchFunction>[1]>;
type FetchResult = Awaited<ReturnType<webApi.FetchFunction>>;

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

const decoders: Readonly<Record<string, (input: Buffer) => Promise<Buffer>>> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

const proxyVariables = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NODE_USE_ENV_PROXY'];

/** Whether this request is one the lean path carries exactly as `fetch` would. */
function isPlainPost(url: URL, init: FetchInit | undefined, env: NodeJS.ProcessEnv): boolean {
  return (
    init !== undefined &&
    (init.method ?? 'GET').toUpperCase() === 'POST' &&
    typeof init.body === 'string' &&
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    !proxyVariables.some((name) => Boolean(env[name]))
  );
}

function headersOf(raw: http.IncomingHttpHeaders): FetchResult['headers'] {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) map.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return { get: (name: string) => map.get(name.toLowerCase()) ?? null, entries: () => map.entries() };
}

function responseOf(input: { url: string; response: http.IncomingMessage; body: Buffer }): FetchResult {
  const { response, body } = input;
  const status = response.statusCode ?? 0;
  const text = async () => body.toString('utf8');
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: response.statusMessage ?? '',
    url: input.url,
    headers: headersOf(response.headers),
    text,
    json: async () => JSON.parse(await text()) as unknown,
    arrayBuffer: async () => new Uint8Array(body).buffer,
  };
}

async function decoded(response: http.IncomingMessage, chunks: Buffer[]): Promise<Buffer> {
  const body = Buffer.concat(chunks);
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  const decode = encoding === undefined ? undefined : decoders[encoding];
  return decode === undefined ? body : decode(body);
}

function post(url: URL, init: FetchInit): Promise<{ response: http.IncomingMessage; body: Buffer }> {
  const body = init.body as string;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, {
      method: 'POST',
      agent: agents[url.protocol as 'http:' | 'https:'],
      headers: {
        'accept-encoding': 'gzip, deflate, br',
        ...init.headers,
        'content-length': String(Buffer.byteLength(body)),
      },
      ...(init.signal !== undefined ? { signal: init.signal } : {}),
    });
    request.once('error', reject);
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        decoded(response, chunks).then((decodedBody) => resolve({ response, body: decodedBody }), reject);
      });
    });
    request.end(body);
  });
}

/** A `fetch` for Bolt's `clientOptions.fetch`; `env` decides whether a proxy is configured. */
export function createSlackFetch(env: NodeJS.ProcessEnv = process.env): webApi.FetchFunction {
  return async (input, init) => {
    const url = new URL(String(input));
    if (!isPlainPost(url, init, env)) return globalThis.fetch(input, init as RequestInit);
    const { response, body } = await post(url, init!);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location !== undefined) {
      if (init?.redirect === 'error') throw new TypeError(`fetch failed: ${url.origin} answered a redirect`);
      // Slack's API does not redirect; if something does, let fetch follow it as it would.
      if (init?.redirect !== 'manual') return globalThis.fetch(input, init as RequestInit);
    }
    return responseOf({ url: url.href, response, body });
  };
}
