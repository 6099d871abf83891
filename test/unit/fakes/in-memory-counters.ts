import { ResetError } from '../../../src/domain/errors.js';
import { type DeviceAttempts, noAttempts } from '../../../src/domain/lockout.js';
import type { Deliveries, DeviceLockouts, Reminders, TokenAttempts } from '../../../src/services/ports.js';

/**
 * The small ports the DynamoDB store keeps beside requests, in memory and honouring the same
 * contracts: each call yields once, then acts atomically (as a conditional write does).
 */

export class InMemoryTokenAttempts implements TokenAttempts {
  readonly #counts = new Map<string, { reserved: number; wrong: number }>();
  /** When on, every call fails with AUDIT_STORE_UNAVAILABLE. */
  unavailable = false;

  async reserve(requestId: string, max: number): Promise<boolean> {
    const counts = await this.#counts_(requestId);
    if (counts.reserved >= max) return false;
    counts.reserved += 1;
    return true;
  }

  async release(requestId: string): Promise<void> {
    (await this.#counts_(requestId)).reserved -= 1;
  }

  async recordWrong(requestId: string): Promise<number> {
    const counts = await this.#counts_(requestId);
    counts.wrong += 1;
    return counts.wrong;
  }

  /** Puts the request's counter back to zero, as someone who can write the table could. */
  rollBack(requestId: string): void {
    this.#counts.set(requestId, { reserved: 0, wrong: 0 });
  }

  /** Taken attempts (wrong codes plus codes in flight) and wrong codes of a request. */
  of(requestId: string): { reserved: number; wrong: number } {
    return { ...(this.#counts.get(requestId) ?? { reserved: 0, wrong: 0 }) };
  }

  async #counts_(requestId: string) {
    await Promise.resolve();
    if (this.unavailable) throw new ResetError('AUDIT_STORE_UNAVAILABLE', 'Attempts unavailable (fake).');
    const counts = this.#counts.get(requestId) ?? { reserved: 0, wrong: 0 };
    this.#counts.set(requestId, counts);
    return counts;
  }
}

export class InMemoryDeviceLockouts implements DeviceLockouts {
  readonly #records = new Map<string, DeviceAttempts>();

  async update<T>(
    serial: string,
    change: (record: DeviceAttempts) => { readonly record: DeviceAttempts; readonly result: T },
  ): Promise<T> {
    await Promise.resolve();
    const { record, result } = change(structuredClone(this.#records.get(serial) ?? noAttempts));
    this.#records.set(serial, structuredClone(record));
    return result;
  }

  /** Empties the device's record, as someone who can write the table could. */
  rollBack(serial: string): void {
    this.#records.set(serial, noAttempts);
  }

  recordOf(serial: string): DeviceAttempts {
    return structuredClone(this.#records.get(serial) ?? noAttempts);
  }
}

/** Reminder claims: one caller wins each (request, number), as the store's put-if-absent. */
export class InMemoryReminders implements Reminders {
  readonly #claims = new Set<string>();

  async claim(requestId: string, number: number): Promise<boolean> {
    await Promise.resolve();
    const key = `${requestId}#${number}`;
    if (this.#claims.has(key)) return false;
    this.#claims.add(key);
    return true;
  }
}

export class InMemoryDeliveries implements Deliveries {
  readonly #claims = new Map<string, number>();

  async claim(key: string, at: { now: Date; until: Date }): Promise<boolean> {
    await Promise.resolve();
    const until = this.#claims.get(key);
    if (until !== undefined && until >= at.now.getTime()) return false;
    this.#claims.set(key, at.until.getTime());
    return true;
  }
}
