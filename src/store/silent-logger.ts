import type { Logger } from '../services/ports.js';

/** A logger that writes nothing: for the CLI and for stores whose caller logs for them. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
