import type { AuditEvent, AuditEventType } from '../domain/audit.js';
import { approvalsOfEvents, approversNamed, sameApprovals } from '../domain/recorded-approvals.js';
import { finalStates, type RequestState } from '../domain/request.js';
import { differingFacts, factsOfCreation, factsOfRequest } from '../domain/request-facts.js';
import { type Item, itemToRequest, misderivedAttributes, requestToItem } from './items.js';

/** The state a request must be in after each event that ends it (or leaves it waiting to be finished). */
const endStates: Partial<Record<AuditEventType, (event: AuditEvent) => RequestState>> = {
  REQUEST_COMPLETED: () => 'COMPLETED',
  REQUEST_FAILED: () => 'FAILED',
  REQUEST_DENIED: () => 'DENIED',
  REQUEST_CANCELLED: () => 'CANCELLED',
  REQUEST_EXPIRED: () => 'EXPIRED',
  REQUEST_RECONCILED: (event) => (event.outcome === 'success' ? 'COMPLETED' : 'FAILED'),
  // Not an end: the request waits to be finished, and REQUEST_COMPLETED or REQUEST_FAILED ends it.
  REQUEST_UNFINISHED: () => 'UNFINISHED',
};

/** Events that add an approval to the request item: each approval the item lists is one of these. */
const approvalEvents: ReadonlySet<AuditEventType> = new Set(['APPROVAL_RECORDED', 'REQUEST_APPROVED']);

interface RequestEvents {
  readonly created: AuditEvent[];
  /** Its APPROVAL_RECORDED and REQUEST_APPROVED events, in the order they were noted. */
  readonly approvals: AuditEvent[];
  /** The state the last ending event put the request in. */
  ended?: { readonly state: RequestState; readonly seq: number };
}

/**
 * Request items against the events that the chain vouches for: request items are rewritten whole
 * by the bot and sit outside the hash chain, so each must still say what its REQUEST_CREATED event
 * recorded (who, for whom, which IAM user and devices, why, until when), list exactly the approvals
 * its APPROVAL_RECORDED and REQUEST_APPROVED events record, be in the state its last ending event
 * gave it, and carry index attributes that follow from its fields.
 */
export class RequestChecks {
  readonly #items = new Map<string, Item>();
  readonly #records = new Map<string, Item>();
  readonly #events = new Map<string, RequestEvents>();

  /** An event whose hash was found to match its content. */
  noteEvent(event: AuditEvent): void {
    if (event.requestId === undefined) return;
    const entry = this.#events.get(event.requestId) ?? { created: [], approvals: [] };
    this.#events.set(event.requestId, entry);
    if (event.type === 'REQUEST_CREATED') entry.created.push(event);
    if (approvalEvents.has(event.type)) entry.approvals.push(event);
    const ending = endStates[event.type];
    if (ending !== undefined && (entry.ended === undefined || entry.ended.seq < event.seq)) {
      entry.ended = { state: ending(event), seq: event.seq };
    }
  }

  /** Any item that is not an event or the chain head. */
  noteItem(item: Item): void {
    if (typeof item.PK !== 'string' || !item.PK.startsWith('REQ#')) return;
    const requestId = item.PK.slice('REQ#'.length);
    if (item.SK === 'REQ') this.#items.set(requestId, item);
    if (item.SK === 'CREATED') this.#records.set(requestId, item);
  }

  count(): number {
    return this.#items.size;
  }

  firstProblem(): { requestId: string; problem: string } | undefined {
    const ids = [...new Set([...this.#items.keys(), ...this.#events.keys()])].sort();
    for (const requestId of ids) {
      const problem = this.#problemOf(requestId);
      if (problem !== undefined) return { requestId, problem };
    }
    return undefined;
  }

  #problemOf(requestId: string): string | undefined {
    const item = this.#items.get(requestId);
    const events = this.#events.get(requestId) ?? { created: [], approvals: [] };
    if (item === undefined) {
      return events.created.length > 0
        ? `request ${requestId} has events but its item is missing (deleted?).`
        : undefined;
    }
    if (events.created.length !== 1) {
      return `request ${requestId} has ${events.created.length} REQUEST_CREATED events; it must have exactly one.`;
    }
    const created = events.created[0]!;
    const request = itemToRequest(item);
    const differing = differingFacts(factsOfCreation(created), factsOfRequest(request));
    if (differing.length > 0) {
      return `request ${requestId} was edited: its ${differing.join(', ')} differ from event ${created.seq} (REQUEST_CREATED).`;
    }
    const recorded = approvalsOfEvents([...events.approvals].sort((a, b) => a.seq - b.seq));
    if (!sameApprovals(request.approvals ?? [], recorded)) {
      return `request ${requestId}'s approvals (${approversNamed(request.approvals ?? []) || 'none'}) are not the ones its events record (${approversNamed(recorded) || 'none'}).`;
    }
    const stateProblem = this.#stateProblem(request.state, events.ended);
    if (stateProblem !== undefined) return `request ${requestId} ${stateProblem}`;
    const misderived = misderivedAttributes(item, requestToItem(request))[0];
    if (misderived !== undefined) {
      return `request ${requestId}'s ${misderived.name} was edited: its fields say ${misderived.expected}.`;
    }
    const record = this.#records.get(requestId);
    if (record !== undefined && (record.seq !== created.seq || record.hash !== created.hash)) {
      return `request ${requestId}'s creation record does not point at event ${created.seq}.`;
    }
    return undefined;
  }

  #stateProblem(state: RequestState, ended: RequestEvents['ended']): string | undefined {
    if (ended === undefined) {
      return finalStates.has(state) ? `is ${state}, but no event ended it.` : undefined;
    }
    return state === ended.state ? undefined : `is ${state}, but event ${ended.seq} made it ${ended.state}.`;
  }
}
