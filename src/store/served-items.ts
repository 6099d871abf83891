import { hashMatches } from './chain-link.js';
import { eventToItem, type Item, itemToEvent, misderivedAttributes } from './items.js';
import { eventKey, requestKey } from './table-layout.js';

/**
 * What the index queries may serve. Anyone who can put items can put one that carries an index's
 * keys: outside `EVT#` it would show in the auditors' queries and count towards the daily cap, and
 * outside `REQ#` it would list as a request. Each item read through an index is served only if it
 * is what it claims to be; the rest are skipped (and logged by the caller: a read path raises no
 * alarm, or whoever plants items could raise one per query; `audit verify` reports them).
 */

/**
 * An event item is served when its key is the event key of the seq it carries, that seq is not
 * beyond the chain head (`headSeq`, read after the item), its hash recomputes from its content, and
 * its index attributes follow from that content (as `audit verify` checks). Whether the chain still
 * links to it is the watcher's and `audit verify`'s to say: a single planted item cannot pass this.
 */
export function isServableEvent(item: Item, headSeq: number): boolean {
  const seq = item.seq;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || seq > headSeq) return false;
  const key = eventKey(seq);
  if (item.PK !== key.PK || item.SK !== key.SK) return false;
  try {
    const event = itemToEvent(item);
    return hashMatches(event) && misderivedAttributes(item, eventToItem(event)).length === 0;
  } catch {
    return false;
  }
}

/** A request item is served when it sits at the key of the id it carries. */
export function isServableRequest(item: Item): boolean {
  if (typeof item.id !== 'string') return false;
  const key = requestKey(item.id);
  return item.PK === key.PK && item.SK === key.SK;
}

/** The `PK`/`SK` of skipped items, for the log line. */
export function keysOf(items: readonly Item[]): string[] {
  return items.map((item) => `${String(item.PK)}/${String(item.SK)}`);
}
