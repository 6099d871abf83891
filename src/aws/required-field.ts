import { ResetError } from '../domain/errors.js';

/**
 * The SDK types every response field as optional, even those AWS always sends. A missing one
 * means a broken answer (or a broken emulator), which is reported rather than papered over.
 */
export function requireField<T>(value: T | undefined, field: string, operation: string): T {
  if (value === undefined || value === null) {
    throw new ResetError('INTERNAL', `${operation} answered without ${field}.`, {
      details: { operation, field },
    });
  }
  return value;
}
