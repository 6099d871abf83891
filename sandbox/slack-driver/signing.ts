import { createHmac } from 'node:crypto';

/** Ways to send a request Slack would never send, to check that the app refuses it. */
export type Tamper = 'bad-signature' | 'stale-timestamp' | 'no-signature';

/** Bolt (like Slack's docs) rejects requests whose timestamp is more than 5 minutes old. */
const STALE_BY_SECONDS = 6 * 60;

/** Slack's v0 request signature: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function v0Signature(options: { signingSecret: string; timestamp: number; body: string }): string {
  const digest = createHmac('sha256', options.signingSecret)
    .update(`v0:${options.timestamp}:${options.body}`)
    .digest('hex');
  return `v0=${digest}`;
}

/** The headers Slack adds to every request it sends an app, honest or tampered with. */
export function signatureHeaders(options: {
  signingSecret: string;
  body: string;
  nowMs: number;
  tamper?: Tamper;
}): Record<string, string> {
  if (options.tamper === 'no-signature') return {};
  const nowSeconds = Math.floor(options.nowMs / 1000);
  const timestamp = options.tamper === 'stale-timestamp' ? nowSeconds - STALE_BY_SECONDS : nowSeconds;
  const signingSecret =
    options.tamper === 'bad-signature' ? `${options.signingSecret}-but-not-quite` : options.signingSecret;
  return {
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': v0Signature({ signingSecret, timestamp, body: options.body }),
  };
}
