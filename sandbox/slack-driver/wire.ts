import type { FakeSlack } from '../fake-slack/index.js';
import { signatureHeaders, type Tamper } from './signing.js';

/** What went over the wire to the app: kept so a request can be sent again. */
export interface Wire {
  readonly body: string;
  readonly headers: Record<string, string>;
}

export interface WireResponse<Payload> {
  /** The app's HTTP status; 0 when it did not answer within the time it was given. */
  status: number;
  /** The app did not answer in time (Slack gives up after 3 s: `operation_timeout`). */
  timedOut: boolean;
  /** The app's answer parsed, when it answered JSON. */
  body: unknown;
  text: string;
  /** From sending the request to reading the whole answer, timed where it was sent (see `Transport`). */
  elapsedMs: number;
  /** The payload as sent (trigger_id, response_url, ...). */
  sent: Payload;
  /** `slack.callCount()` before sending: `slack.waitForCall(method, { since: res.callMark })`. */
  callMark: number;
  /** The bytes and headers sent, for `replay` and `retry`. */
  wire: Wire;
}

/** The app's HTTP answer as it came back, or that it did not come back in time. */
export type TransportAnswer =
  | { timedOut: false; status: number; contentType: string; text: string; elapsedMs: number }
  | { timedOut: true; elapsedMs: number };

/**
 * How a request reaches the app. The default sends it with `fetch` on this thread; a test that
 * times answers under load can send from a thread of its own, as Slack's servers are not on the
 * event loop that also plays Slack's API (test/harness/own-thread-transport.ts).
 */
export type Transport = (url: string, wire: Wire, timeoutMs?: number) => Promise<TransportAnswer>;

export const fetchTransport: Transport = async (url, wire, timeoutMs) => {
  const startedAt = performance.now();
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: wire.headers,
      body: wire.body,
      ...(timeoutMs !== undefined && { signal: AbortSignal.timeout(timeoutMs) }),
    });
  } catch (error) {
    if (!(error instanceof DOMException && error.name === 'TimeoutError')) throw error;
    return { timedOut: true, elapsedMs: performance.now() - startedAt };
  }
  const text = await response.text();
  return {
    timedOut: false,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    elapsedMs: performance.now() - startedAt,
  };
};

/**
 * POSTs `wire` to the app's request URL and reads its answer; with `timeoutMs`, gives up after that
 * long as Slack does, and says so.
 */
export async function sendToApp<Payload>(
  target: { eventsUrl: string; slack: FakeSlack; transport?: Transport | undefined },
  request: Wire & { sent: Payload },
  timeoutMs?: number,
): Promise<WireResponse<Payload>> {
  const callMark = target.slack.callCount();
  const wire = { body: request.body, headers: request.headers };
  const answer = await (target.transport ?? fetchTransport)(target.eventsUrl, wire, timeoutMs);
  const sent = { sent: request.sent, callMark, wire, elapsedMs: answer.elapsedMs };
  if (answer.timedOut) return { status: 0, timedOut: true, body: undefined, text: '', ...sent };
  return {
    status: answer.status,
    timedOut: false,
    body: answer.contentType.includes('application/json') ? JSON.parse(answer.text) : undefined,
    text: answer.text,
    ...sent,
  };
}

/** The headers Slack sends with a request: its content type and its v0 signature (or a tampered one). */
export function slackHeaders(request: {
  body: string;
  contentType: string;
  signingSecret: string;
  nowMs: number;
  tamper?: Tamper | undefined;
}): Record<string, string> {
  return {
    'Content-Type': request.contentType,
    ...signatureHeaders({
      signingSecret: request.signingSecret,
      body: request.body,
      nowMs: request.nowMs,
      ...(request.tamper !== undefined && { tamper: request.tamper }),
    }),
  };
}

/**
 * Slack's own retry of an Events API delivery the app did not acknowledge in time: the same body,
 * signed afresh, with `X-Slack-Retry-Num` and `X-Slack-Retry-Reason`.
 */
export function retryHeaders(options: {
  previous: Wire;
  signingSecret: string;
  nowMs: number;
  attempt: number;
}): Record<string, string> {
  return {
    'Content-Type': options.previous.headers['Content-Type'] ?? 'application/json',
    ...signatureHeaders({
      signingSecret: options.signingSecret,
      body: options.previous.body,
      nowMs: options.nowMs,
    }),
    'X-Slack-Retry-Num': String(options.attempt),
    'X-Slack-Retry-Reason': 'http_timeout',
  };
}
