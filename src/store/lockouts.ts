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
 * The `DeviceLockouts` port: one item per approver device, read consistently and written back only
 * if its `version` is still the one read (optimistic concurrency), so the record holds across
 * replicas and restarts. Items expire (TTL) once nothing in them counts any more.
 */
export function createDeviceLockouts(context: StoreContext): DeviceLockouts {
  async function update<T>(
    serial: string,
    change: (record: DeviceAttempts) => { readonly record: DeviceAttempts; readonly result: T },
  ): Promise<T> {
    const key = deviceLockoutKey(serial);
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const item = await getItem(context, key, 'read an approver device lockout');
      const version = typeof item?.version === 'number' ? item.version : 0;
      const { record, result } = change(recordOf(item));
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
        return result;
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) {
          throw storeUnavailable(error, 'write an approver device lockout');
        }
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
