import { randomBytes } from 'node:crypto';

/**
 * Identifiers shaped like Slack's. View ids and message timestamps are sequential so that a test run is
 * repeatable; trigger ids carry random hex like Slack's, because nothing should be able to guess one.
 */
export class SlackIds {
  private sequence = 0;

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.sequence = 0;
  }

  /** `V` + 10 upper-case alphanumerics, like `VMHU10V25X`. */
  viewId(): string {
    return `V${this.next().toString(36).toUpperCase().padStart(10, '0')}`;
  }

  /** `F` + 10 upper-case alphanumerics, like a Slack file id. */
  fileId(): string {
    return `F${this.next().toString(36).toUpperCase().padStart(10, '0')}`;
  }

  /** `1700000000.000042`: seconds on the clock, then a sequence that keeps every ts unique. */
  messageTs(): string {
    return `${this.seconds()}.${String(this.next()).padStart(6, '0')}`;
  }

  /** `12345.98765.abcd2358fdea`, the format Slack documents for trigger ids. */
  triggerId(): string {
    return `${this.seconds()}.${this.next()}.${randomBytes(16).toString('hex')}`;
  }

  /** `156772938.1827394`-like view hash; changes on every update so a stale hash is detectable. */
  viewHash(): string {
    return `${this.seconds()}.${randomBytes(4).toString('hex')}`;
  }

  responseUrlId(): string {
    return `${this.next()}-${randomBytes(8).toString('hex')}`;
  }

  /** The DM channel of a user, stable so a test can predict it: U0ALICE → D0ALICE. */
  static dmChannelFor(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  /** Block ids Slack generates for blocks that have none: five letters. */
  generatedBlockId(): string {
    return `b${this.next().toString(36).padStart(4, '0')}`;
  }

  private next(): number {
    this.sequence += 1;
    return this.sequence;
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }
}
