import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import pino from 'pino';
import { redactChildBindings, redactionOptions, redactSecrets } from './log-redaction.js';

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): pino.Logger {
  return redactChildBindings(
    pino({ name: 'mfa-reset-bot', level: options.level, ...redactionOptions() }, options.destination),
  );
}

const boltLevels: Record<LogLevel, pino.Level> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt's logger interface on top of a pino child, so Bolt's own messages share our format. */
export function boltLogger(logger: pino.Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const write =
    (level: pino.Level) =>
    (...messages: unknown[]) => {
      child[level](
        messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(redactSecrets(m)))).join(' '),
      );
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (level: LogLevel) => {
      child.level = boltLevels[level];
    },
    getLevel: () =>
      (Object.entries(boltLevels).find(([, value]) => value === child.level)?.[0] as LogLevel) ??
      LogLevel.INFO,
    setName: () => {},
  };
}
