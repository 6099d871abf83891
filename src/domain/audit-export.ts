import type { AuditEvent } from './audit.js';

/** One event per line, every field as stored (hashes included), so an export can be re-verified. */
export function jsonLine(event: AuditEvent): string {
  return `${JSON.stringify(event)}\n`;
}

const csvColumns: readonly [string, (event: AuditEvent) => string | number | undefined][] = [
  ['seq', (e) => e.seq],
  ['at', (e) => e.at],
  ['type', (e) => e.type],
  ['outcome', (e) => e.outcome],
  ['requestId', (e) => e.requestId],
  ['actorKind', (e) => e.actor.kind],
  ['actorSlackId', (e) => e.actor.slackUserId],
  ['targetSlackId', (e) => e.target?.slackUserId],
  ['targetIamUser', (e) => e.target?.iamUserName],
  ['devices', (e) => e.devices?.join(' ')],
  ['errorCode', (e) => e.errorCode],
  ['mfaSerial', (e) => e.mfaSerial],
  ['reason', (e) => e.reason],
  ['details', (e) => (e.details === undefined ? undefined : JSON.stringify(e.details))],
  ['eventId', (e) => e.eventId],
  ['prevHash', (e) => e.prevHash],
  ['hash', (e) => e.hash],
];

export const csvHeader = `${csvColumns.map(([name]) => name).join(',')}\r\n`;

export function csvLine(event: AuditEvent): string {
  return `${csvColumns.map(([, value]) => csvCell(value(event))).join(',')}\r\n`;
}

/**
 * RFC 4180 quoting. Reasons are free text typed by any Slack member and auditors open exports in
 * spreadsheets, so a cell that would start a formula is prefixed with an apostrophe.
 */
function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
