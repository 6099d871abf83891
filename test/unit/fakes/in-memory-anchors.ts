import type { AnchorListing, ChainAnchor } from '../../../src/domain/anchors.js';
import { ResetError } from '../../../src/domain/errors.js';
import type { ChainAnchors, ChainPosition } from '../../../src/services/ports.js';

/**
 * The `ChainAnchors` contract in memory: one anchor per seq, created once (a second create answers
 * with what the first wrote), each key's versions counted. Tests add the attacker's writes
 * (`overwrite`, `preCreate`) and make the store unreadable.
 */
export class InMemoryAnchors implements ChainAnchors {
  readonly #versions = new Map<number, ChainAnchor[]>();
  /** Every create call, in order. */
  readonly creates: ChainPosition[] = [];
  unreadable = false;

  async create(position: ChainPosition & { readonly at: string }) {
    await Promise.resolve();
    this.creates.push({ seq: position.seq, hash: position.hash });
    if (this.unreadable) throw new ResetError('ANCHOR_WRITE_FAILED', 's3:PutObject failed');
    const existing = this.#versions.get(position.seq)?.at(-1);
    if (existing !== undefined) return { created: false, hash: existing.hash } as const;
    this.#versions.set(position.seq, [this.#anchor(position)]);
    return { created: true } as const;
  }

  /** A second version of a key, as a write without the condition makes it. */
  overwrite(position: ChainPosition): void {
    this.#versions.set(position.seq, [...(this.#versions.get(position.seq) ?? []), this.#anchor(position)]);
  }

  /** An anchor created ahead of the chain, with a hash of the creator's choosing. */
  preCreate(position: ChainPosition): void {
    this.#versions.set(position.seq, [this.#anchor(position)]);
  }

  async list(): Promise<AnchorListing> {
    await Promise.resolve();
    if (this.unreadable) throw new ResetError('ANCHORS_UNREADABLE', 's3:ListObjectsV2 failed');
    const entries = [...this.#versions.values()];
    return {
      anchors: entries.map((versions) => versions.at(-1)!),
      rewritten: entries
        .filter((versions) => versions.length > 1)
        .map((versions) => ({ name: versions[0]!.name, seq: versions[0]!.seq, versions: versions.length })),
      malformed: [],
    };
  }

  #anchor(position: ChainPosition): ChainAnchor {
    return { name: `memory://anchors/${position.seq}`, seq: position.seq, hash: position.hash };
  }
}
