import { createHash } from 'node:crypto';
import type { ChainPosition } from '../domain/alarms.js';
import type { AuditEvent, AuditEventDraft } from '../domain/audit.js';
import { storageAttributes } from './table-layout.js';

/**
 * The audit hash chain: every event carries `prevHash` (the hash of the event before it) and
 * `hash = sha256(prevHash + canonicalJson(event without hash))`, so editing or deleting any stored
 * event breaks the chain from that point on.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The head before the first event: sequence number 0. */
export const emptyChain: ChainPosition = { seq: 0, hash: GENESIS_HASH };

/**
 * JSON with object keys sorted and undefined members left out, so the same event always hashes
 * the same whichever order its fields were written or read back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot hash the non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`Cannot hash a value of type ${typeof value}`);
}

export function hashOf(eventWithoutHash: Omit<AuditEvent, 'hash'>): string {
  return createHash('sha256')
    .update(eventWithoutHash.prevHash + canonicalJson(eventWithoutHash))
    .digest('hex');
}

/** The drafts as chained events following `head`, and the head after them. */
export function chainDrafts(
  head: ChainPosition,
  drafts: readonly AuditEventDraft[],
): { events: AuditEvent[]; head: ChainPosition } {
  const events: AuditEvent[] = [];
  let current = head;
  for (const draft of drafts) {
    const unhashed = { ...draftFieldsOnly(draft), seq: current.seq + 1, prevHash: current.hash };
    const event: AuditEvent = { ...unhashed, hash: hashOf(unhashed) };
    events.push(event);
    current = { seq: event.seq, hash: event.hash };
  }
  return { events, head: current };
}

const chainFields: ReadonlySet<string> = new Set(['seq', 'prevHash', 'hash']);

/**
 * A draft may be a wider object at run time (an event read back, a spread of something else); keep
 * only what can be stored and read back as the event, or its hash could never be recomputed.
 */
function draftFieldsOnly(draft: AuditEventDraft): AuditEventDraft {
  const entries = Object.entries(draft).filter(
    ([key]) => !chainFields.has(key) && !storageAttributes.has(key),
  );
  return Object.fromEntries(entries) as unknown as AuditEventDraft;
}
