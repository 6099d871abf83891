import type { Logger } from '../../../src/services/ports.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly level: LogLevel;
  readonly fields: object;
  readonly message: string;
}

/** Keeps every entry, children included, so a test can read what would have been logged. */
export class RecordingLogger implements Logger {
  constructor(
    readonly entries: LogEntry[] = [],
    private readonly bound: object = {},
  ) {}

  debug(fields: object, message: string): void {
    this.#record('debug', fields, message);
  }

  info(fields: object, message: string): void {
    this.#record('info', fields, message);
  }

  warn(fields: object, message: string): void {
    this.#record('warn', fields, message);
  }

  error(fields: object, message: string): void {
    this.#record('error', fields, message);
  }

  child(fields: object): Logger {
    return new RecordingLogger(this.entries, { ...this.bound, ...fields });
  }

  at(level: LogLevel): LogEntry[] {
    return this.entries.filter((entry) => entry.level === level);
  }

  #record(level: LogLevel, fields: object, message: string): void {
    this.entries.push({ level, fields: { ...this.bound, ...fields }, message });
  }
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
