import type { IdGenerator } from '../../../src/services/ports.js';

/** Predictable ids: `id-0001`, `id-0002`, … */
export class SequentialIds implements IdGenerator {
  #next = 1;

  constructor(private readonly prefix = 'id') {}

  newId(): string {
    const id = `${this.prefix}-${String(this.#next).padStart(4, '0')}`;
    this.#next += 1;
    return id;
  }
}
