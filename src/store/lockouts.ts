import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ResetError } from '../domain/errors.js';
import { type DeviceAttempts, noAttempts } from '../domain/lockout.js';
import type { DeviceLockouts } from '../services/ports.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { getItem } from './requests.js';
import { deviceLockoutKey, ttlAttribute } from './table-layout.js';

/**
 * Each round lets one writer through; with jittered waits a burst of a dozen codes for one device
 * (an attack across requests) settles within a second or so, and a store that stays contended
 * fails closed.
 */
const MAX_ROUNDS = 25;
const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 100;

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
  const known = new Map<string, { version: number; record: DeviceAttempts }>();

  async function read(key: { PK: string; SK: string }) {
    const item = await getItem(context, key, 'read an approver device lockout');
    return { version: typeof item?.version === 'number' ? item.version : 0, record: recordOf(item) };
  }

  async function update<T>(
    serial: string,
    change: (record: DeviceAttempts) => { readonly record: DeviceAttempts; readonly result: T },
  ): Promise<T> {
    const key = deviceLockoutKey(serial);
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const remembered = known.get(serial);
      const base = remembered ?? (await read(key));
      const version = base.version;
      const { record, result } = change(base.record);
      try {
        await context.documents.send(
          new PutCommand({
            TableName: context.tableName,
            Item: {
              ...key,
              entity: 'deviceLockout',
              serial,
              failures: record.failures,
              inFlight: record.inFlight,
              version: version + 1,
              [ttlAttribute]: expiresAtEpoch(record),
            },
            ConditionExpression: version === 0 ? 'attribute_not_exists(PK)' : '#version = :version',
            ...(version === 0
              ? {}
              : {
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':version': version },
                }),
          }),
        );
        known.set(serial, { version: version + 1, record });
        return result;
      } catch (error) {
        known.delete(serial);
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) {
          throw storeUnavailable(error, 'write an approver device lockout');
        }
        // A remembered record that went stale is simply read again; a read one lost a race.
        if (remembered !== undefined) continue;
        const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** round);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
      }
    }
    throw new ResetError('AUDIT_STORE_UNAVAILABLE', `The lockout of device ${serial} stayed contended.`, {
      details: { rounds: MAX_ROUNDS },
    });
  }
  return { update };
}

function recordOf(item: Record<string, unknown> | undefined): DeviceAttempts {
  if (item === undefined) return noAttempts;
  const failures = Array.isArray(item.failures) ? item.failures.filter((f) => typeof f === 'string') : [];
  const inFlight = Array.isArray(item.inFlight)
    ? item.inFlight.filter(
        (code): code is { id: string; until: string } =>
          typeof code?.id === 'string' && typeof code?.until === 'string',
      )
    : [];
  return { failures, inFlight };
}

/** A day after the last thing in the record: by then no window configuration still counts it. */
function expiresAtEpoch(record: DeviceAttempts): number {
  const times = [...record.failures, ...record.inFlight.map((code) => code.until)].map((t) => Date.parse(t));
  const last = times.length === 0 ? Date.now() : Math.max(...times);
  return Math.ceil((last + 86_400_000) / 1000);
}
