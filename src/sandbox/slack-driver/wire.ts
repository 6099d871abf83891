import type { FakeSlack } from '../fake-slack/index.js';
import { signatureHeaders } from './signing.js';

/** What went over the wire to the app: kept so a request can be sent again. */
export interface Wire {
  readonly body: string;
  readonly headers: Record<string, string>;
}

export interface WireResponse<Payload> {
  status: number;
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

/** POSTs `wire` to the app's request URL and reads its answer. */
export async function sendToApp<Payload>(
  target: { eventsUrl: string; slack: FakeSlack },
  request: Wire & { sent: Payload },
): Promise<WireResponse<Payload>> {
  const callMark = target.slack.callCount();
  const { body, headers } = request;
  const response = await fetch(target.eventsUrl, { method: 'POST', headers, body });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  return {
    status: response.status,
    body: isJson ? JSON.parse(text) : undefined,
    text,
    sent: request.sent,
    callMark,
    wire: { body, headers },
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
