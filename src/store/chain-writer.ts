import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../domain/audit.js';
import { ResetError } from '../domain/errors.js';
import type { Logger } from '../services/ports.js';
import { logAuditEvents } from './audit-log.js';
import type { AuditTable } from './audit-table.js';
import { assembleBatch, type Batch } from './chain-batch.js';
import { readChainHead } from './chain-head.js';
import { type ChainWrite, checkChainWrite, leaveOut } from './chain-write.js';
import { CONTENDED, cancellationReasonCodes, refusesContent, storeUnavailable } from './errors.js';
import { emptyChain } from './hash-chain.js';
import type { StoredChainHead } from './items.js';
import { silentLogger } from './silent-logger.js';

/** How hard a write retries when another writer moved the chain head first. */
export interface ChainRetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Enough for a burst of a dozen simultaneous writers (each round lets one through) while still
 * failing within a few seconds if something keeps the head contended.
 */
export const defaultChainRetry: ChainRetryPolicy = { maxAttempts: 20, baseDelayMs: 10, maxDelayMs: 250 };

export interface GroupCommitOptions {
  readonly table: Pick<AuditTable, 'documents' | 'tableName'>;
  readonly logger?: Logger;
  /** Where each stored audit event is logged as an audit line (see audit-log.ts); `logger` by default. */
  readonly auditLog?: Logger;
  readonly retry?: ChainRetryPolicy;
}

/** A write waiting for its transaction, and whoever waits for its outcome. */
interface Pending {
  write: ChainWrite;
  readonly resolve: (events: AuditEvent[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The writer of the audit chain: one per process (group commit), built where the process is put
 * together (src/bot.ts, the command line) and handed to the store. Writes queue while a transaction
 * is in flight and the next transaction carries all of them that fit, so a burst costs a handful
 * of transactions instead of one head race per write. When a write's own condition fails (the
 * request was changed, the IAM user has an open request), only that write fails, with its coded
 * error, and the others go again at once. When DynamoDB refuses what a transaction of several
 * writes carries without saying whose (an item too large), they go again one per transaction, so
 * only the write it refuses fails. When the head moved (another replica), the head is read again
 * and the batch retried with backoff: replicas then contend as a few writers carrying many writes
 * each, not as one writer per approval. Idle, a write goes out on the next turn of the event loop:
 * no waiting for a batch to fill.
 */
export class GroupCommit {
  private readonly queue: Pending[] = [];
  private running = false;
  /** How many writes at the front of the queue go one per transaction (after a refused batch). */
  private alone = 0;
  private readonly table: GroupCommitOptions['table'];
  private readonly logger: Logger;
  private readonly auditLog: Logger;
  private readonly retry: ChainRetryPolicy;
  /**
   * The chain head as this writer last wrote it. A write starts from it instead of reading the
   * head first (one DynamoDB round trip less); if another writer moved the head since, the
   * transaction's condition fails and the head is read again.
   */
  private knownHead: StoredChainHead | undefined;

  constructor(options: GroupCommitOptions) {
    this.table = options.table;
    this.logger = options.logger ?? silentLogger;
    this.auditLog = options.auditLog ?? this.logger;
    this.retry = options.retry ?? defaultChainRetry;
  }

  /**
   * Writes the conditional items and the events, chained after the current head, in one
   * transaction that also moves the head; resolves with the events as written, or rejects with the
   * write's own coded error (its condition failed) or AUDIT_STORE_UNAVAILABLE.
   */
  write(write: ChainWrite): Promise<AuditEvent[]> {
    checkChainWrite(write);
    return new Promise<AuditEvent[]>((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (this.running) return;
      this.running = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commitNext();
    } finally {
      this.running = false;
    }
  }

  /** Commits the writes at the front of the queue, retrying until each is written or refused. */
  private async commitNext(): Promise<void> {
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.retry;
    const alone = this.alone > 0;
    if (alone) this.alone -= 1;
    let members: Pending[] = [];
    let head: StoredChainHead | undefined = this.knownHead;
    for (let contended = 0; ; ) {
      head ??= await this.headOrFail([...members, ...this.queue]);
      if (head === undefined) return;
      const batch = this.take(members, head, alone);
      members = batch.members;
      if (members.length === 0) return;
      try {
        await this.send(batch.batch);
        this.settle(members, batch.batch);
        return;
      } catch (error) {
        this.knownHead = undefined;
        const codes = cancellationReasonCodes(error);
        if (codes === undefined || !codes.some((code) => CONTENDED.has(code))) {
          if (members.length > 1 && refusesContent(error, codes)) return this.oneByOne(members);
          return this.failAll(members, storeUnavailable(error, 'write the audit trail'));
        }
        const judged = this.judgeFailedConditions(members, batch.batch, codes);
        members = members.filter((member) => !judged.refused.has(member));
        // Nothing was written: the same head still holds for the writes left.
        if (judged.any) continue;
        contended += 1;
        if (contended >= maxAttempts) return this.failAll(members, contendedError(maxAttempts));
        this.logger.debug({ attempt: contended, writes: members.length }, 'audit chain head moved');
        const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** contended);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
        head = undefined;
      }
    }
  }

  /** The head, read when this process does not know it; undefined (and the writes failed) when unreadable. */
  private async headOrFail(waiting: readonly Pending[]): Promise<StoredChainHead | undefined> {
    if (waiting.every((pending) => pending.write.drafts.length === 0)) return emptyChain;
    try {
      return await readChainHead(this.table);
    } catch (error) {
      this.failAll(waiting, error);
      this.queue.length = 0;
      this.alone = 0;
      return undefined;
    }
  }

  /**
   * The members so far, topped up from the queue with whatever fits in the same transaction; only
   * the first when the write goes `alone`.
   */
  private take(
    members: readonly Pending[],
    head: StoredChainHead,
    alone: boolean,
  ): { members: Pending[]; batch: Batch } {
    const waiting = [...members, ...this.queue];
    const candidates = alone ? waiting.slice(0, 1) : waiting;
    const batch = assembleBatch({
      tableName: this.table.tableName,
      head,
      writes: candidates.map((pending) => pending.write),
    });
    const taken = new Set(batch.taken);
    const rest = waiting.filter((_, index) => !taken.has(index));
    this.queue.splice(0, this.queue.length, ...rest);
    const chosen = batch.taken.map((index) => candidates[index]!);
    // Re-index the batch's writes by their position among the members.
    const position = new Map(batch.taken.map((index, at) => [index, at]));
    return {
      members: chosen,
      batch: {
        ...batch,
        taken: chosen.map((_, at) => at),
        conditional: batch.conditional.map((c) => ({ ...c, write: position.get(c.write)! })),
        events: new Map([...batch.events].map(([index, events]) => [position.get(index)!, events])),
      },
    };
  }

  private async send(batch: Batch): Promise<void> {
    await this.table.documents.send(
      new TransactWriteCommand({
        TransactItems: [...batch.items],
        // The SDK resends this same token when it retries a lost response, so DynamoDB applies the
        // transaction once instead of failing it on the conditions it already changed.
        ClientRequestToken: randomUUID(),
      }),
    );
  }

  private settle(members: readonly Pending[], batch: Batch): void {
    if (batch.nextHead !== undefined) this.knownHead = batch.nextHead;
    members.forEach((member, at) => {
      const events = [...(batch.events.get(at) ?? [])];
      logAuditEvents(this.auditLog, events);
      member.resolve(events);
    });
  }

  /**
   * Each conditional item whose condition failed: its write is refused with its own error, or the
   * item is left out of that write. Returns the members refused (out of the batch from now on) and
   * whether any condition failed at all.
   */
  private judgeFailedConditions(members: readonly Pending[], batch: Batch, codes: readonly string[]) {
    const refused = new Set<Pending>();
    let any = false;
    batch.conditional.forEach(({ write, item }, index) => {
      if (codes[index] !== 'ConditionalCheckFailed') return;
      const member = members[write]!;
      any = true;
      if (item.whenConditionFails === 'leave-out') member.write = leaveOut(member.write, item);
      else if (!refused.has(member)) {
        refused.add(member);
        member.reject(item.whenConditionFails.refuse);
      }
    });
    return { refused, any };
  }

  /** Back to the front of the queue, each to go in a transaction of its own: nothing was written. */
  private oneByOne(members: readonly Pending[]): void {
    this.logger.warn({ writes: members.length }, 'audit chain batch refused: writing its writes one by one');
    this.queue.unshift(...members);
    this.alone = members.length;
  }

  private failAll(members: readonly Pending[], error: unknown): void {
    for (const member of members) member.reject(error);
  }
}

function contendedError(attempts: number): ResetError {
  return new ResetError(
    'AUDIT_STORE_UNAVAILABLE',
    `The audit chain stayed contended for ${attempts} attempts; nothing was written.`,
    { details: { attempts } },
  );
}
