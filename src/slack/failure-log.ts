import { isFault, type ResetError, toResetError } from '../domain/errors.js';
import type { Logger } from '../services/ports.js';

/** Logs a failure once, at the level it deserves, and returns it as a coded error to show. */
export function logFailure(logger: Logger, error: unknown, fields: Record<string, unknown>): ResetError {
  const coded = toResetError(error);
  // An answer to the person is not a fault of the bot: logged at info, not error.
  if (!isFault(coded.code)) {
    logger.info({ ...fields, code: coded.code, details: coded.details }, 'refused');
  } else {
    logger.error({ ...fields, code: coded.code, details: coded.details, err: error }, 'failed');
  }
  return coded;
}
