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
  /** The payload as sent (trigger_id, response_url, ...). */
  sent: Payload;
  /** `slack.callCount()` before sending: `slack.waitForCall(method, { since: res.callMark })`. */
  callMark: number;
  /** The bytes and headers sent, for `replay` and `retry`. */
  wire: Wire;
}

/**
 * POSTs `wire` to the app's request URL and reads its answer; with `timeoutMs`, gives up after that
 * long as Slack does, and says so.
 */
export async function sendToApp<Payload>(
  target: { eventsUrl: string; slack: FakeSlack },
  request: Wire & { sent: Payload },
  timeoutMs?: number,
): Promise<WireResponse<Payload>> {
  const callMark = target.slack.callCount();
  const { body, headers } = request;
  const wire = { body, headers };
  let response: Response;
  try {
    response = await fetch(target.eventsUrl, {
      method: 'POST',
      headers,
      body,
      ...(timeoutMs !== undefined && { signal: AbortSignal.timeout(timeoutMs) }),
    });
  } catch (error) {
    if (!(error instanceof DOMException && error.name === 'TimeoutError')) throw error;
    return { status: 0, timedOut: true, body: undefined, text: '', sent: request.sent, callMark, wire };
  }
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  return {
    status: response.status,
    timedOut: false,
    body: isJson ? JSON.parse(text) : undefined,
    text,
    sent: request.sent,
    callMark,
    wire,
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
