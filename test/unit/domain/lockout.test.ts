import { describe, expect, it } from 'vitest';
import {
  type DeviceAttempts,
  IN_FLIGHT_HOLD_MS,
  lockedUntil,
  noAttempts,
  reserveCode,
  settleCode,
} from '../../../src/domain/lockout.js';

const rules = { maxFailures: 3, windowMinutes: 15 };
const t0 = new Date('2026-05-01T10:00:00.000Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

/** `count` wrong codes, one a minute from t0. */
function failed(count: number): DeviceAttempts {
  return { failures: Array.from({ length: count }, (_, i) => minutes(i).toISOString()), inFlight: [] };
}

describe('device lockout rules', () => {
  it('reserves a place for a code while failures and codes in flight stay below the maximum', () => {
    const { record, verdict } = reserveCode(failed(1), { id: 'a', now: minutes(2), rules });
    expect(verdict).toEqual({ kind: 'reserved' });
    expect(record.inFlight).toEqual([
      { id: 'a', until: new Date(minutes(2).getTime() + IN_FLIGHT_HOLD_MS).toISOString() },
    ]);
  });

  it('locks the device at maxFailures wrong codes within the window, until the oldest leaves it', () => {
    expect(lockedUntil(failed(2), minutes(3), rules)).toBeUndefined();
    expect(lockedUntil(failed(3), minutes(3), rules)).toBe(minutes(15).toISOString());
    expect(reserveCode(failed(3), { id: 'b', now: minutes(14), rules }).verdict).toEqual({
      kind: 'locked',
      retryAt: minutes(15).toISOString(),
    });
  });

  it('forgets failures older than the window', () => {
    expect(lockedUntil(failed(3), minutes(15), rules)).toBeUndefined();
    expect(reserveCode(failed(3), { id: 'c', now: minutes(15), rules }).record.failures).toHaveLength(2);
  });

  it('counts codes in flight, so parallel codes cannot pass the maximum, until they lapse', () => {
    let record = failed(1);
    for (const id of ['x', 'y']) record = reserveCode(record, { id, now: minutes(2), rules }).record;
    expect(reserveCode(record, { id: 'z', now: minutes(2), rules }).verdict).toEqual({
      kind: 'locked',
      retryAt: new Date(minutes(2).getTime() + IN_FLIGHT_HOLD_MS).toISOString(),
    });
    const afterLapse = new Date(minutes(2).getTime() + IN_FLIGHT_HOLD_MS + 1);
    expect(reserveCode(record, { id: 'z', now: afterLapse, rules }).verdict).toEqual({ kind: 'reserved' });
  });

  it('gives the place back for a right code and keeps a wrong one as a failure', () => {
    const reserved = reserveCode(noAttempts, { id: 'a', now: t0, rules }).record;
    expect(settleCode(reserved, { id: 'a', wrong: false, now: t0, rules }).record).toEqual(noAttempts);
    expect(settleCode(reserved, { id: 'a', wrong: true, now: t0, rules }).record).toEqual({
      failures: [t0.toISOString()],
      inFlight: [],
    });
  });

  it('says the lock started only for the failure that starts it', () => {
    const two = reserveCode(failed(2), { id: 'a', now: minutes(2), rules }).record;
    const third = settleCode(two, { id: 'a', wrong: true, now: minutes(2), rules });
    expect(third.lockStarted).toEqual({ until: minutes(15).toISOString() });
    const later = settleCode(
      { ...third.record, inFlight: [{ id: 'b', until: minutes(4).toISOString() }] },
      { id: 'b', wrong: true, now: minutes(3), rules },
    );
    expect(later.lockStarted).toBeUndefined();
  });
});
