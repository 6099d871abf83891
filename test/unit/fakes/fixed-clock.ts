import type { Clock } from '../../../src/services/ports.js';

/** A clock that only moves when the test says so. */
export class FixedClock implements Clock {
  #now: number;

  constructor(start: string | Date = '2025-03-03T09:00:00.000Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  set(time: string | Date): void {
    this.#now = new Date(time).getTime();
  }

  advanceMinutes(minutes: number): void {
    this.#now += minutes * 60_000;
  }
}
