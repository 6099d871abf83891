import { signatureHeaders } from './signing.js';
import type { DriverResponse, SendOptions } from './types.js';

/**
 * One request as Slack sends it to an app: signed with the v0 signature (or tampered with), and
 * given up after `send.timeoutMs` as Slack gives up after 3 s.
 */
export async function postSigned<Payload>(
  target: { eventsUrl: string; signingSecret: string; nowMs: number; callMark: number },
  request: { body: string; contentType: string; sent: Payload },
  send: SendOptions,
): Promise<DriverResponse<Payload>> {
  const { callMark } = target;
  const headers = {
    'Content-Type': request.contentType,
    ...signatureHeaders({
      signingSecret: target.signingSecret,
      body: request.body,
      nowMs: target.nowMs,
      ...(send.tamper !== undefined && { tamper: send.tamper }),
    }),
  };
  let response: Response;
  try {
    response = await fetch(target.eventsUrl, {
      method: 'POST',
      headers,
      body: request.body,
      ...(send.timeoutMs !== undefined && { signal: AbortSignal.timeout(send.timeoutMs) }),
    });
  } catch (error) {
    if (!(error instanceof DOMException && error.name === 'TimeoutError')) throw error;
    return { status: 0, timedOut: true, body: undefined, text: '', sent: request.sent, callMark };
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
  };
}
