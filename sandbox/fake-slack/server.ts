import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonObject } from './block-rules.js';
import { receiveUpload } from './methods/files.js';
import { failure, type MethodHandler } from './methods/method.js';
import { postToResponseUrl } from './response-url.js';
import type { SlackApiResponse } from './types.js';
import type { Workspace } from './workspace.js';

/** When a Web API call arrived, in ms since the epoch, set by a front door on another thread (the tests'). */
export const RECEIVED_AT_HEADER = 'x-fake-slack-received-at';

/** Form fields that WebClient JSON-encodes (it stringifies every non-scalar argument). */
const JSON_VALUED_FIELDS = ['blocks', 'attachments', 'view', 'metadata', 'files'];

/** The scopes a method needs; any one of a list is enough (conversations.open accepts several). */
export const REQUIRED_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'users.info': ['users:read'],
  'usergroups.users.list': ['usergroups:read'],
  'conversations.open': ['im:write', 'mpim:write', 'channels:manage', 'groups:write'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
};

export interface FakeSlackServerOptions {
  workspace: Workspace;
  handlers: Record<string, MethodHandler>;
  /** A Slack error the caller asked for with failNext, consumed by this call. */
  takeInjectedFailure(method: string): SlackApiResponse | undefined;
  /** Called after every recorded call or response, so waiters can look again. */
  onRecord(): void;
  /** `apps.connections.open`, which takes the app-level token instead of the bot token (socket-mode.ts). */
  openSocketConnection(token: unknown): SlackApiResponse;
}

async function readBytes(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Arguments as Slack reads them: query string, then a form or JSON body; JSON-valued fields decoded. */
function parseArgs(request: IncomingMessage, url: URL, body: string): JsonObject {
  const args: JsonObject = Object.fromEntries(url.searchParams);
  const isJson = (request.headers['content-type'] ?? '').includes('application/json');
  if (isJson && body !== '') Object.assign(args, parseJson(body));
  else Object.assign(args, Object.fromEntries(new URLSearchParams(body)));
  for (const field of JSON_VALUED_FIELDS) {
    const value = args[field];
    if (typeof value === 'string') args[field] = parseJson(value);
  }
  return args;
}

function missingScope(method: string, granted: readonly string[]): SlackApiResponse | undefined {
  const needed = REQUIRED_SCOPES[method];
  if (needed === undefined || needed.some((scope) => granted.includes(scope))) return undefined;
  return failure('missing_scope', { needed: needed.join(','), provided: granted.join(',') });
}

function answerApiCall(method: string, args: JsonObject, token: unknown, options: FakeSlackServerOptions) {
  const { workspace } = options;
  if (typeof token !== 'string' || token === '') return failure('not_authed');
  if (token !== workspace.identity.botToken) return failure('invalid_auth');
  const handler = options.handlers[method];
  if (handler === undefined) return failure('unknown_method');
  return (
    options.takeInjectedFailure(method) ??
    missingScope(method, workspace.identity.scopes) ??
    handler(args, workspace)
  );
}

async function route(request: IncomingMessage, response: ServerResponse, options: FakeSlackServerOptions) {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const bytes = await readBytes(request);
  const uploadId = /^\/upload\/(F[0-9A-Z]+)$/.exec(url.pathname)?.[1];
  if (uploadId !== undefined && request.method === 'POST') {
    const answer = receiveUpload(options.workspace, uploadId, bytes);
    options.onRecord();
    response.writeHead(answer.status, { 'content-type': 'text/plain' });
    response.end(answer.text);
    return;
  }
  const body = bytes.toString('utf8');
  const apiMethod = /^\/api\/([\w.]+)$/.exec(url.pathname)?.[1];
  if (apiMethod !== undefined) {
    const args = parseArgs(request, url, body);
    // WebClient sends the token as a bearer header; Slack also accepts it as a `token` argument.
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ?? args.token;
    delete args.token;
    const arrivedAt = Number(request.headers[RECEIVED_AT_HEADER]);
    options.workspace.callArrivedAt = Number.isFinite(arrivedAt) && arrivedAt > 0 ? arrivedAt : undefined;
    let answer: SlackApiResponse;
    try {
      answer =
        apiMethod === 'apps.connections.open'
          ? options.openSocketConnection(token)
          : answerApiCall(apiMethod, args, token, options);
    } finally {
      options.workspace.callArrivedAt = undefined;
    }
    options.workspace.calls.push({ method: apiMethod, args, at: options.workspace.now(), response: answer });
    options.onRecord();
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'x-oauth-scopes': options.workspace.identity.scopes.join(','),
    });
    response.end(JSON.stringify(answer));
    return;
  }
  const responseUrlId = /^\/response\/([\w-]+)$/.exec(url.pathname)?.[1];
  if (responseUrlId !== undefined && request.method === 'POST') {
    const answer = postToResponseUrl(options.workspace, {
      id: responseUrlId,
      url: `http://${request.headers.host ?? '127.0.0.1'}${url.pathname}`,
      body: parseJson(body),
    });
    options.onRecord();
    response.writeHead(answer.status, { 'content-type': 'text/plain' });
    response.end(answer.text);
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end('not found');
}

/** Starts the HTTP server on 127.0.0.1 and an ephemeral port. */
export async function listen(options: FakeSlackServerOptions): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    route(request, response, options).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  options.workspace.baseUrl = `http://127.0.0.1:${port}`;
  return { server, url: options.workspace.baseUrl };
}
