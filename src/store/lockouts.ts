import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ResetError } from '../domain/errors.js';
import { type DeviceAttempts, noAttempts } from '../domain/lockout.js';
import type { DeviceLockouts } from '../services/ports.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import type { Item } from './items.js';
import { deviceLockoutKey, ttlAttribute } from './table-layout.js';

/**
 * Within a process, updates of one device queue (see `update`); across replicas each round lets
 * one writer through, and with jittered waits they settle within a second or so. A store that
 * stays contended fails closed.
 */
const MAX_ROUNDS = 25;
const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 100;

type Change<T> = (record: DeviceAttempts) => { readonly record: DeviceAttempts; readonly result: T };

interface Queued<T> {
  readonly change: Change<T>;
  readonly resolve: (result: T) => void;
  readonly reject: (error: unknown) => void;
}

interface Versioned {
  readonly version: number;
  readonly record: DeviceAttempts;
}

/**
 * The `DeviceLockouts` port: one item per approver device, written back only if its `version` is
 * still the one the change was based on (optimistic concurrency), so the record holds across
 * replicas and restarts. Items expire (TTL) once nothing in them counts any more.
 *
 * The record this process last wrote is tried first, without reading it (an approval reserves and
 * then settles its code on the same device: one round trip each); if another writer moved it on,
 * the condition fails and the record is read afresh.
 */
export function createDeviceLockouts(context: StoreContext): DeviceLockouts {
  const known = new Map<string, Versioned>();

  async function read(serial: string): Promise<Versioned> {
    try {
      const { Item: item } = await context.documents.send(
        new GetCommand({
          TableName: context.tableName,
          Key: deviceLockoutKey(serial),
          ConsistentRead: true,
        }),
      );
      return versionedOf(item);
    } catch (error) {
      throw storeUnavailable(error, 'read an approver device lockout');
    }
  }

  async function write(serial: string, base: Versioned, record: DeviceAttempts): Promise<boolean> {
    try {
      await context.documents.send(
        new PutCommand({
          TableName: context.tableName,
          Item: itemOf(serial, record, base.version + 1),
          ConditionExpression: base.version === 0 ? 'attribute_not_exists(PK)' : '#version = :version',
          ...(base.version === 0
            ? {}
            : {
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': base.version },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw storeUnavailable(error, 'write an approver device lockout');
    }
  }

  /**
   * Changes of one device queue in this process and are written together: each round reads (or
   * remembers) the record, applies every queued change in order and writes once. Replicas then
   * contend as a few writers carrying many changes each, and a burst does not collapse.
   */
  const queues = new Map<string, Array<Queued<unknown>>>();

  function update<T>(serial: string, change: Change<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const queued = queues.get(serial);
      const entry = { change, resolve, reject } as Queued<unknown>;
      if (queued !== undefined) return void queued.push(entry);
      queues.set(serial, [entry]);
      void drain(serial);
    });
  }

  async function drain(serial: string): Promise<void> {
    for (;;) {
      const batch = queues.get(serial) ?? [];
      if (batch.length === 0) return void queues.delete(serial);
      queues.set(serial, []);
      try {
        const results = await updateNow(serial, batch);
        for (const [i, entry] of batch.entries()) entry.resolve(results[i]);
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
  }

  async function updateNow(serial: string, batch: ReadonlyArray<Queued<unknown>>): Promise<unknown[]> {
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const remembered = known.get(serial);
      known.delete(serial);
      const base = remembered ?? (await read(serial));
      let record = base.record;
      const results = batch.map((entry) => {
        const changed = entry.change(record);
        record = changed.record;
        return changed.result;
      });
      if (sameRecord(record, base.record)) {
        // Nothing to write (codes waiting for a place): but a remembered record may be stale.
        if (remembered !== undefined) continue;
        known.set(serial, base);
        return results;
      }
      if (await write(serial, base, record)) {
        known.set(serial, { version: base.version + 1, record });
        return results;
      }
      // A remembered record that went stale is simply read again; a read one lost a race.
      if (remembered !== undefined) continue;
      const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** round);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
    throw new ResetError('AUDIT_STORE_UNAVAILABLE', `The lockout of device ${serial} stayed contended.`, {
      details: { rounds: MAX_ROUNDS },
    });
  }
  return { update };
}

function sameRecord(a: DeviceAttempts, b: DeviceAttempts): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function itemOf(serial: string, record: DeviceAttempts, version: number): Item {
  return {
    ...deviceLockoutKey(serial),
    entity: 'deviceLockout',
    serial,
    failures: record.failures,
    inFlight: record.inFlight.map((code) => ({ id: code.id, until: code.until })),
    version,
    [ttlAttribute]: expiresAtEpoch(record),
  };
}

/**
 * A stored lockout as the document client reads it. A part that is missing or malformed counts
 * as empty, as it did before the item existed; the version still guards the next write.
 */
const storedLockout = z.object({
  version: z.number().int().nonnegative().catch(0),
  failures: z.array(z.string()).catch([]),
  inFlight: z.array(z.object({ id: z.string(), until: z.string() })).catch([]),
});

function versionedOf(item: Item | undefined): Versioned {
  if (item === undefined) return { version: 0, record: noAttempts };
  const { version, failures, inFlight } = storedLockout.parse(item);
  return { version, record: { failures, inFlight } };
}

/** A day after the last thing in the record: by then no window configuration still counts it. */
function expiresAtEpoch(record: DeviceAttempts): number {
  const times = [...record.failures, ...record.inFlight.map((code) => code.until)].map((t) => Date.parse(t));
  const last = times.length === 0 ? Date.now() : Math.max(...times);
  return Math.ceil((last + 86_400_000) / 1000);
}
