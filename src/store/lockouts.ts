import { type AttributeValue, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ResetError } from '../domain/errors.js';
import { type CodeInFlight, type DeviceAttempts, noAttempts } from '../domain/lockout.js';
import type { DeviceLockouts } from '../services/ports.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { listOf, mapOf, numberOf, type RawItem, raw, stringOf } from './raw-values.js';
import { deviceLockoutKey, ttlAttribute } from './table-layout.js';

/**
 * Each round lets one writer through; with jittered waits a burst of a dozen codes for one device
 * (an attack across requests) settles within a second or so, and a store that stays contended
 * fails closed.
 */
const MAX_ROUNDS = 25;
const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 100;

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
      const { Item: item } = await context.counters.send(
        new GetItemCommand({
          TableName: context.tableName,
          Key: raw.key(deviceLockoutKey(serial)),
          ConsistentRead: true,
        }),
      );
      return { version: numberOf(item?.version) ?? 0, record: recordOf(item) };
    } catch (error) {
      throw storeUnavailable(error, 'read an approver device lockout');
    }
  }

  async function write(serial: string, base: Versioned, record: DeviceAttempts): Promise<boolean> {
    try {
      await context.counters.send(
        new PutItemCommand({
          TableName: context.tableName,
          Item: itemOf(serial, record, base.version + 1),
          ConditionExpression: base.version === 0 ? 'attribute_not_exists(PK)' : '#version = :version',
          ...(base.version === 0
            ? {}
            : {
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': raw.n(base.version) },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw storeUnavailable(error, 'write an approver device lockout');
    }
  }

  async function update<T>(
    serial: string,
    change: (record: DeviceAttempts) => { readonly record: DeviceAttempts; readonly result: T },
  ): Promise<T> {
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const remembered = known.get(serial);
      known.delete(serial);
      const base = remembered ?? (await read(serial));
      const { record, result } = change(base.record);
      if (await write(serial, base, record)) {
        known.set(serial, { version: base.version + 1, record });
        return result;
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

function itemOf(serial: string, record: DeviceAttempts, version: number): RawItem {
  return {
    ...raw.key(deviceLockoutKey(serial)),
    entity: raw.s('deviceLockout'),
    serial: raw.s(serial),
    failures: { L: record.failures.map(raw.s) },
    inFlight: { L: record.inFlight.map((code) => ({ M: { id: raw.s(code.id), until: raw.s(code.until) } })) },
    version: raw.n(version),
    [ttlAttribute]: raw.n(expiresAtEpoch(record)),
  };
}

function recordOf(item: Record<string, AttributeValue> | undefined): DeviceAttempts {
  if (item === undefined) return noAttempts;
  const failures = listOf(item.failures)
    .map(stringOf)
    .filter((at): at is string => at !== undefined);
  const inFlight = listOf(item.inFlight)
    .map((entry): Partial<CodeInFlight> => {
      const fields = mapOf(entry);
      return { id: stringOf(fields.id), until: stringOf(fields.until) };
    })
    .filter((code): code is CodeInFlight => code.id !== undefined && code.until !== undefined);
  return { failures, inFlight };
}

/** A day after the last thing in the record: by then no window configuration still counts it. */
function expiresAtEpoch(record: DeviceAttempts): number {
  const times = [...record.failures, ...record.inFlight.map((code) => code.until)].map((t) => Date.parse(t));
  const last = times.length === 0 ? Date.now() : Math.max(...times);
  return Math.ceil((last + 86_400_000) / 1000);
}
