import type { EnvelopeType, FakeSlack } from '../fake-slack/index.js';
import type { Transport, Wire } from './wire.js';

/**
 * The driver's requests sent over Socket Mode instead of HTTP: what Slack would POST to the
 * request URL goes to the app as an envelope on the WebSocket it opened with the fake
 * (`apps.connections.open`), and the app's ack comes back as the answer. The payload is the same
 * one the HTTP request carries: a slash command's form fields, an interaction's `payload` field,
 * an event callback's JSON. No signature: the socket itself is authenticated by the app token.
 *
 *   createSlackDriver({ slack, eventsUrl: 'socket-mode', signingSecret: '', transport: socketModeTransport(slack) })
 */
export function socketModeTransport(slack: FakeSlack): Transport {
  return async (_url, wire, timeoutMs) => {
    const startedAt = performance.now();
    const { type, payload } = envelopeOf(wire);
    const answer = await slack.socketMode.deliver(
      type,
      payload,
      timeoutMs === undefined ? {} : { timeoutMs },
    );
    const elapsedMs = performance.now() - startedAt;
    if (!answer.acked) {
      if (answer.reason === 'timeout') return { timedOut: true, elapsedMs };
      throw new Error('the app has no Socket Mode connection open to the fake Slack');
    }
    // An ack without a payload is Slack's empty 200: for a modal, "close it".
    const empty =
      answer.payload === undefined ||
      (typeof answer.payload === 'object' &&
        answer.payload !== null &&
        Object.keys(answer.payload).length === 0);
    return {
      timedOut: false,
      status: 200,
      contentType: empty ? 'text/plain' : 'application/json',
      text: empty ? '' : JSON.stringify(answer.payload),
      elapsedMs,
    };
  };
}

/** Which envelope a request URL's body becomes, and its payload. */
function envelopeOf(wire: Wire): { type: EnvelopeType; payload: unknown } {
  const contentType = wire.headers['Content-Type'] ?? '';
  if (contentType.includes('application/json')) return { type: 'events_api', payload: JSON.parse(wire.body) };
  const form = new URLSearchParams(wire.body);
  const interaction = form.get('payload');
  if (interaction !== null) return { type: 'interactive', payload: JSON.parse(interaction) };
  return { type: 'slash_commands', payload: Object.fromEntries(form) };
}
