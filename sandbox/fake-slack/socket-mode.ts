import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { failure, ok } from './methods/method.js';
import type { SlackApiResponse } from './types.js';
import type { Workspace } from './workspace.js';

/**
 * Slack's side of Socket Mode (https://api.slack.com/apis/socket-mode), on the fake's own HTTP
 * server: `apps.connections.open` with the app-level token answers a one-time `ws://` URL; a
 * WebSocket opened on it is greeted with `hello`; what Slack would POST to a request URL is sent
 * as an envelope `{ envelope_id, type, payload, accepts_response_payload }`, and the app answers
 * it by sending back `{ envelope_id, payload? }`. `disconnect` asks the app to reconnect.
 */

/** What goes over the socket to the app: the three kinds of envelope Slack sends. */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** Why Slack asks the app to reconnect: a refresh (every few hours) or a warning before one. */
export type DisconnectReason = 'refresh_requested' | 'warning' | 'link_disabled';

export type EnvelopeAnswer =
  /** The app acknowledged the envelope; `payload` is what it sent back with the ack, if anything. */
  | { acked: true; payload: unknown }
  /** No ack within the time given (Slack gives up after 3 s), or no app connected. */
  | { acked: false; reason: 'timeout' | 'no_connection' };

interface Waiting {
  resolve(answer: EnvelopeAnswer): void;
  timer: NodeJS.Timeout | undefined;
}

/** Slack's socket URLs are one-time: the ticket works for one connection. */
const LINK_PATH = '/link/';

export class SocketModeServer {
  private readonly sockets = new WebSocketServer({ noServer: true });
  /** Open connections, oldest first; Slack sends each envelope to one of them (here: the newest). */
  private readonly open: WebSocket[] = [];
  private readonly tickets = new Set<string>();
  private readonly waiting = new Map<string, Waiting>();
  private readonly listeners = new Set<() => void>();
  /** How many connections were ever greeted with `hello` (reconnections included). */
  connectionsOpened = 0;

  constructor(
    private readonly workspace: Workspace,
    server: Server,
  ) {
    server.on('upgrade', (request, socket, head) => this.upgrade(request, socket, head));
  }

  /** `apps.connections.open`: only the app-level token (`xapp-…`) may open a connection. */
  openConnection(token: unknown): SlackApiResponse {
    const { identity } = this.workspace;
    if (typeof token !== 'string' || token === '') return failure('not_authed');
    if (token === identity.botToken) return failure('not_allowed_token_type');
    if (token !== identity.appToken) return failure('invalid_auth');
    const ticket = randomUUID();
    this.tickets.add(ticket);
    const url = new URL(LINK_PATH, this.workspace.baseUrl.replace(/^http/, 'ws'));
    url.searchParams.set('ticket', ticket);
    url.searchParams.set('app_id', identity.appId);
    return ok({ url: url.toString() });
  }

  /** Connections open now (greeted with `hello` and not closed). */
  get connections(): number {
    return this.open.length;
  }

  /**
   * Sends `payload` to the app as Slack would, and resolves with the app's ack, or with why there
   * was none: nothing connected, or no ack within `timeoutMs` (default 3 s, as Slack).
   */
  deliver(
    type: EnvelopeType,
    payload: unknown,
    options: { timeoutMs?: number } = {},
  ): Promise<EnvelopeAnswer> {
    const socket = this.open.at(-1);
    if (socket === undefined) return Promise.resolve({ acked: false, reason: 'no_connection' });
    const envelopeId = randomUUID();
    return new Promise((resolve) => {
      const timeoutMs = options.timeoutMs ?? 3_000;
      const timer = setTimeout(() => {
        this.waiting.delete(envelopeId);
        resolve({ acked: false, reason: 'timeout' });
      }, timeoutMs);
      this.waiting.set(envelopeId, { resolve, timer });
      socket.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          // Slack takes a response payload with the ack of commands and interactions, not of events.
          accepts_response_payload: type !== 'events_api',
        }),
      );
    });
  }

  /**
   * Slack asks every open connection to go away (`{ type: 'disconnect', reason }`) and closes it
   * a moment later, as when it refreshes a connection; the app is expected to open a new one.
   */
  disconnect(reason: DisconnectReason): void {
    for (const socket of [...this.open]) {
      socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
      setTimeout(() => socket.terminate(), 1_000).unref();
    }
  }

  /** Resolves once at least `count` connections have been greeted since the start (reconnections count). */
  async waitForConnections(count: number, options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.connectionsOpened >= count && this.open.length > 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(
          new Error(`no Socket Mode connection number ${count} within ${options.timeoutMs ?? 5_000} ms`),
        );
      }, options.timeoutMs ?? 5_000);
      const check = () => {
        if (this.connectionsOpened < count || this.open.length === 0) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
    });
  }

  close(): void {
    for (const socket of this.open) socket.terminate();
    for (const [id, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      waiting.resolve({ acked: false, reason: 'no_connection' });
      this.waiting.delete(id);
    }
    this.sockets.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== LINK_PATH || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.sockets.handleUpgrade(request, socket, head, (ws) => this.greet(ws));
  }

  private greet(ws: WebSocket): void {
    this.open.push(ws);
    this.connectionsOpened += 1;
    ws.on('message', (data) => this.receive(String(data)));
    ws.on('close', () => {
      const index = this.open.indexOf(ws);
      if (index >= 0) this.open.splice(index, 1);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.open.length,
        debug_info: { host: 'fake-slack', approximate_connection_time: 18_060 },
        connection_info: { app_id: this.workspace.identity.appId },
      }),
    );
    for (const listener of [...this.listeners]) listener();
  }

  /** The app's ack: `{ envelope_id, payload? }`. */
  private receive(text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    const waiting =
      typeof message.envelope_id === 'string' ? this.waiting.get(message.envelope_id) : undefined;
    if (waiting === undefined) return;
    this.waiting.delete(String(message.envelope_id));
    clearTimeout(waiting.timer);
    waiting.resolve({ acked: true, payload: message.payload });
  }
}
