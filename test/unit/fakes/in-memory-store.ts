import type { AuditEvent, AuditEventDraft, AuditEventType } from '../../../src/domain/audit.js';
import {
  type ChainedCodes,
  codeOutcomeOf,
  type SubmittedCode,
  submissionOf,
} from '../../../src/domain/code-submissions.js';
import type { FollowedEnrolment } from '../../../src/domain/enrolment.js';
import { ResetError } from '../../../src/domain/errors.js';
import { isFinal, type MemberDm, type RequestState, type ResetRequest } from '../../../src/domain/request.js';
import type {
  AuditPage,
  AuditQuery,
  CreationRecord,
  Enrolments,
  Store,
  WrittenEvents,
} from '../../../src/services/ports.js';

/** A write as the store receives it, for fault injection. */
export type StoreWrite =
  | { readonly kind: 'create'; readonly next: ResetRequest; readonly events: readonly AuditEventDraft[] }
  | {
      readonly kind: 'update';
      readonly previous: ResetRequest;
      readonly next: ResetRequest;
      readonly events: readonly AuditEventDraft[];
    }
  | { readonly kind: 'append'; readonly events: readonly AuditEventDraft[] };

interface WriteFault {
  readonly when: (write: StoreWrite) => boolean;
  readonly error: ResetError;
}

function matchesKey(event: AuditEvent, query: AuditQuery): boolean {
  switch (query.by) {
    case 'request':
      return event.requestId === query.requestId;
    case 'target':
      return event.target?.iamUserName === query.iamUserName;
    case 'actor':
      return event.actor.slackUserId === query.slackUserId;
    case 'time':
      return true;
  }
}

function unavailable(): ResetError {
  return new ResetError('AUDIT_STORE_UNAVAILABLE', 'The audit store could not be reached (fake).');
}

/**
 * The `Store` contract in memory, as the DynamoDB adapter honours it: a request is created once,
 * and only while its IAM user has no other open request; an update lands only if the stored
 * request still has the state and version it was read with and the new version is the next one,
 * and a move into a final state frees the IAM user; the request and its events are written
 * together or not at all. Every call yields once before it acts, so concurrent use cases
 * interleave as they would over I/O, while the check-and-write itself stays atomic.
 */
export class InMemoryStore implements Store {
  readonly #requests = new Map<string, ResetRequest>();
  readonly #events: AuditEvent[] = [];
  /** IAM user name → the open request holding it. */
  readonly #locks = new Map<string, string>();
  /** Request id → seq of its REQUEST_CREATED event. */
  readonly #creations = new Map<string, number>();
  readonly #brokenRecords = new Map<string, string>();
  /** Request id → the completed request followed for a new MFA device, and its stage. */
  readonly #followed = new Map<string, FollowedEnrolment>();
  #faults: WriteFault[] = [];
  /** When on, every call fails with AUDIT_STORE_UNAVAILABLE. */
  unavailable = false;

  async insertRequest(request: ResetRequest, events: readonly AuditEventDraft[]): Promise<WrittenEvents> {
    await this.#turn({ kind: 'create', next: request, events });
    const created = events.find((e) => e.type === 'REQUEST_CREATED' && e.requestId === request.id);
    if (created === undefined) {
      throw new ResetError(
        'INTERNAL',
        `Request ${request.id} must be created with its REQUEST_CREATED event.`,
      );
    }
    if (this.#requests.has(request.id)) {
      throw new ResetError('REQUEST_ALREADY_HANDLED', `Request ${request.id} already exists.`);
    }
    const iamUserName = request.target.iamUserName;
    if (this.#locks.has(iamUserName)) {
      throw new ResetError('REQUEST_ALREADY_OPEN', `IAM user ${iamUserName} has an open request.`, {
        details: { iamUserName },
      });
    }
    this.#requests.set(request.id, structuredClone(request));
    this.#locks.set(iamUserName, request.id);
    const written = this.#appendAll(events);
    this.#creations.set(request.id, written.find((e) => e.eventId === created.eventId)!.seq);
    return written;
  }

  async updateRequest(
    previous: ResetRequest,
    next: ResetRequest,
    events: readonly AuditEventDraft[],
  ): Promise<WrittenEvents> {
    await this.#turn({ kind: 'update', previous, next, events });
    // Programming errors, not races: the DynamoDB adapter refuses these with INTERNAL too.
    if (next.id !== previous.id || next.version !== previous.version + 1) {
      throw new ResetError('INTERNAL', `An update of request ${previous.id} must be its next version.`, {
        details: { previousVersion: previous.version, nextVersion: next.version },
      });
    }
    if (next.state !== previous.state && events.length === 0) {
      throw new ResetError('INTERNAL', `Request ${previous.id} cannot change state without an audit event.`);
    }
    const stored = this.#requests.get(previous.id);
    if (stored === undefined || stored.state !== previous.state || stored.version !== previous.version) {
      throw new ResetError('REQUEST_ALREADY_HANDLED', `Request ${previous.id} was changed by someone else.`, {
        details: { requestId: previous.id },
      });
    }
    this.#requests.set(next.id, structuredClone(next));
    if (isFinal(next.state) && !isFinal(previous.state)) {
      const name = next.target.iamUserName;
      if (this.#locks.get(name) === next.id) this.#locks.delete(name);
    }
    if (next.state === 'COMPLETED' && previous.state !== 'COMPLETED' && !this.#followed.has(next.id)) {
      const { id: requestId, updatedAt: completedAt } = next;
      this.#followed.set(requestId, {
        requestId,
        iamUserName: next.target.iamUserName,
        completedAt,
        stage: 'watching',
      });
    }
    return this.#appendAll(events);
  }

  /** The `Enrolments` port over the same memory: each step conditioned on the stage read, with its events. */
  readonly enrolments: Enrolments = {
    followed: async (limit) => {
      await this.#turn();
      return [...this.#followed.values()]
        .sort((a, b) => a.completedAt.localeCompare(b.completedAt))
        .slice(0, limit)
        .map((followed) => ({ ...followed }));
    },
    advance: async (read, to, events) => {
      await this.#turn({ kind: 'append', events });
      if (this.#followed.get(read.requestId)?.stage !== read.stage) return undefined;
      if (to === 'settled') this.#followed.delete(read.requestId);
      else this.#followed.set(read.requestId, { ...read, stage: to });
      return this.#appendAll(events);
    },
  };

  /** Puts a followed enrolment as it is, as someone writing the table could. */
  plantEnrolment(followed: FollowedEnrolment): void {
    this.#followed.set(followed.requestId, { ...followed });
  }

  /** The requests followed for a new MFA device now, with their stage. */
  followedEnrolments(): FollowedEnrolment[] {
    return [...this.#followed.values()].map((followed) => ({ ...followed }));
  }

  async rememberMemberDms(requestId: string, dms: readonly MemberDm[]): Promise<void> {
    await this.#turn();
    const stored = this.#requests.get(requestId);
    // As the DynamoDB adapter: no new version, and nothing once the request is no longer pending.
    if (stored?.state === 'PENDING')
      this.#requests.set(requestId, { ...stored, memberDms: structuredClone(dms) });
  }

  async getRequest(id: string): Promise<ResetRequest | undefined> {
    await this.#turn();
    const stored = this.#requests.get(id);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  async appendAudit(events: readonly AuditEventDraft[]): Promise<WrittenEvents> {
    await this.#turn({ kind: 'append', events });
    return this.#appendAll(events);
  }

  /** Intact unless a test broke it (`breakCreationRecord`): the fake keeps no real hashes. */
  async creationRecordOf(requestId: string): Promise<CreationRecord> {
    await this.#turn();
    const broken = this.#brokenRecords.get(requestId);
    if (broken !== undefined) return { status: 'broken', problem: broken };
    const seq = this.#creations.get(requestId);
    const event = this.#events.find((e) => e.seq === seq);
    return event === undefined
      ? { status: 'broken', problem: `request ${requestId} has no REQUEST_CREATED event.` }
      : { status: 'intact', event: structuredClone(event) };
  }

  /** The request's APPROVAL_RECORDED events (the fake's events are never edited behind its back). */
  async recordedApprovalsOf(requestId: string): Promise<readonly AuditEvent[]> {
    await this.#turn();
    return this.eventsOf(requestId)
      .filter((event) => event.type === 'APPROVAL_RECORDED' || event.type === 'REQUEST_CONFIRMED')
      .map((event) => structuredClone(event));
  }

  /** As the DynamoDB store reads its code records: a code counts once sent; its settlement by event. */
  async chainedCodesOf(query: { requestId: string; serial: string; since: string }): Promise<ChainedCodes> {
    await this.#turn();
    const sent = (keep: (event: AuditEvent) => boolean): SubmittedCode[] =>
      this.#events
        .filter((event) => event.type === 'TOKEN_SUBMITTED' && keep(event))
        .map((event) => {
          const id = submissionOf(event)!;
          const settled = this.#events.filter((e) => submissionOf(e) === id && keep(e)).map(codeOutcomeOf);
          const outcome = settled.includes('wrong') ? 'wrong' : settled.find((o) => o !== undefined);
          return { id, at: event.at, ...(outcome === undefined ? {} : { outcome }) };
        });
    return {
      request: sent((event) => event.requestId === query.requestId),
      device: sent((event) => event.mfaSerial === query.serial && event.at >= query.since),
    };
  }

  async listRequestsByState(
    state: RequestState,
    limit = 100,
    options: { newestFirst?: boolean } = {},
  ): Promise<ResetRequest[]> {
    await this.#turn();
    const oldestFirst = [...this.#requests.values()]
      .filter((request) => request.state === state)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return (options.newestFirst ? oldestFirst.reverse() : oldestFirst)
      .slice(0, limit)
      .map((request) => structuredClone(request));
  }

  async listRequestsByRequester(slackUserId: string, limit: number): Promise<ResetRequest[]> {
    await this.#turn();
    return [...this.#requests.values()]
      .filter((request) => request.requesterSlackId === slackUserId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit)
      .map((request) => structuredClone(request));
  }

  async listRequestsForMember(slackUserId: string, limit: number): Promise<ResetRequest[]> {
    await this.#turn();
    return [...this.#requests.values()]
      .filter(
        (request) => request.target.slackUserId === slackUserId && request.requesterSlackId !== slackUserId,
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit)
      .map((request) => structuredClone(request));
  }

  async queryAudit(query: AuditQuery): Promise<AuditPage> {
    await this.#turn();
    const inOrder = this.#events.filter(
      (event) =>
        (query.from === undefined || event.at >= query.from) &&
        (query.to === undefined || event.at <= query.to) &&
        matchesKey(event, query),
    );
    const matching = query.newestFirst ? [...inOrder].reverse() : inOrder;
    const start = query.cursor === undefined ? 0 : Number(query.cursor);
    const end = query.limit === undefined ? matching.length : start + query.limit;
    const page = matching.slice(start, end);
    return end < matching.length ? { events: page, cursor: String(end) } : { events: page };
  }

  // ---- Test controls and accessors ----

  /** Makes every later write matching `when` fail with `error` (default AUDIT_STORE_UNAVAILABLE). */
  failWrites(when: (write: StoreWrite) => boolean, error: ResetError = unavailable()): void {
    this.#faults.push({ when, error });
  }

  clearFaults(): void {
    this.#faults = [];
  }

  /**
   * Puts a request in the store as it is, for states the use cases cannot reach: with `creation`
   * (its REQUEST_CREATED event) recorded and, while it is open, holding its IAM user's lock.
   */
  seed(request: ResetRequest, creation?: AuditEventDraft): void {
    this.#requests.set(request.id, structuredClone(request));
    if (creation !== undefined) this.#creations.set(request.id, this.#appendAll([creation])[0]!.seq);
    if (!isFinal(request.state) && !this.#locks.has(request.target.iamUserName)) {
      this.#locks.set(request.target.iamUserName, request.id);
    }
  }

  /** Changes a stored request behind the use cases' back, as someone writing the table could. */
  tamper(requestId: string, change: (stored: ResetRequest) => ResetRequest): void {
    const stored = this.#requests.get(requestId);
    if (stored === undefined) throw new Error(`no request ${requestId} to tamper with`);
    this.#requests.set(requestId, structuredClone(change(stored)));
  }

  /** Makes the request's REQUEST_CREATED event fail its chain check from now on. */
  breakCreationRecord(requestId: string, problem = 'event edited (fake)'): void {
    this.#brokenRecords.set(requestId, problem);
  }

  /** IAM user name → id of the open request holding it. */
  locks(): ReadonlyMap<string, string> {
    return new Map(this.#locks);
  }

  /** The stored request, read without going through the (possibly unavailable) port. */
  current(id: string): ResetRequest | undefined {
    const stored = this.#requests.get(id);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  requests(): ResetRequest[] {
    return [...this.#requests.values()].map((request) => structuredClone(request));
  }

  events(): readonly AuditEvent[] {
    return [...this.#events];
  }

  eventsOf(requestId: string): readonly AuditEvent[] {
    return this.#events.filter((event) => event.requestId === requestId);
  }

  /** The types of the events about a request (or of all events), in the order they were written. */
  eventTypes(requestId?: string): AuditEventType[] {
    return (requestId === undefined ? this.#events : this.eventsOf(requestId)).map((event) => event.type);
  }

  async #turn(write?: StoreWrite): Promise<void> {
    await Promise.resolve();
    if (this.unavailable) throw unavailable();
    const fault = write === undefined ? undefined : this.#faults.find((f) => f.when(write));
    if (fault !== undefined) throw fault.error;
  }

  #appendAll(drafts: readonly AuditEventDraft[]): AuditEvent[] {
    const written: AuditEvent[] = [];
    for (const draft of drafts) {
      const seq = this.#events.length + 1;
      const prevHash = this.#events.at(-1)?.hash ?? 'genesis';
      const event = { ...structuredClone(draft), seq, prevHash, hash: `fake-hash-${seq}` };
      this.#events.push(event);
      written.push(structuredClone(event));
    }
    return written;
  }
}
