import { Writable } from 'node:stream';
import type pino from 'pino';
import { describe, expect, it } from 'vitest';
import { boltLogger, createLogger } from '../../src/logging.js';

/** A logger as the bot builds it, writing JSON lines into `lines`. */
function capturingLogger(): { logger: pino.Logger; output: () => string; lines: () => unknown[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  return {
    logger,
    output: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line)),
  };
}

/** Every field name the docs promise to redact, and a few more of the same families. */
const secretFields = [
  'secretAccessKey',
  'sessionToken',
  'authorization',
  'token',
  'tokenCode',
  'credentials',
  'SecretAccessKey',
  'SessionToken',
  'TokenCode',
  'code_input',
  'botToken',
  'appToken',
  'signingSecret',
  'Authorization',
  'cookie',
];

/** The places a field can sit in what is logged. */
const placements: Array<[string, (logger: pino.Logger, field: string, value: string) => void]> = [
  ['at the top level', (logger, field, value) => logger.info({ [field]: value }, 'top')],
  ['one level down', (logger, field, value) => logger.info({ outer: { [field]: value } }, 'one')],
  [
    'three levels down',
    (logger, field, value) => logger.info({ a: { b: { c: { [field]: value } } } }, 'three'),
  ],
  ['in an array', (logger, field, value) => logger.info({ list: [{ [field]: value }] }, 'array')],
  [
    'in nested arrays and objects',
    (logger, field, value) => logger.info({ calls: [[{ request: { headers: { [field]: value } } }]] }, 'n'),
  ],
  ['in child bindings', (logger, field, value) => logger.child({ [field]: value }).info('child')],
  [
    'nested in child bindings',
    (logger, field, value) => logger.child({ context: { [field]: value } }).info('child'),
  ],
  [
    'on the logged error',
    (logger, field, value) =>
      logger.error({ err: Object.assign(new Error('boom'), { [field]: value }) }, 'e'),
  ],
  [
    'nested in the logged error',
    (logger, field, value) =>
      logger.error({ err: Object.assign(new Error('boom'), { $metadata: { [field]: value } }) }, 'e'),
  ],
  [
    'on an error nested in another field',
    (logger, field, value) =>
      logger.error({ details: { cause: Object.assign(new Error('inner'), { [field]: value }) } }, 'e'),
  ],
  ['as a value object', (logger, field, value) => logger.info({ [field]: { value, more: [value] } }, 'v')],
  [
    'through Bolt’s logger',
    (logger, field, value) => boltLogger(logger).debug('request', { body: { [field]: value } }),
  ],
];

describe('logger redaction', () => {
  describe.each(secretFields)('%s', (field) => {
    it.each(placements)('never writes its value %s', (_where, log) => {
      const { logger, output } = capturingLogger();
      const value = `S3CR3T-${field}-value`;

      log(logger, field, value);

      expect(output()).not.toContain(value);
      expect(output()).toContain('[redacted]');
    });
  });

  it.each([
    ['a bot token', 'xoxb-1111-2222-abcdefABCDEF'],
    ['a user token', 'xoxp-1111-2222-3333-abcdef'],
    ['an app-level token', 'xapp-1-A111-222-abcdef'],
  ])('never writes %s, wherever it appears in a line', (_what, slackToken) => {
    const { logger, output } = capturingLogger();

    logger.info({ note: `sent with ${slackToken}` }, `calling Slack with ${slackToken}`);
    logger.child({ client: { headers: [`Bearer ${slackToken}`] } }).warn('child');
    logger.error({ err: new Error(`invalid_auth for ${slackToken}`) }, 'failed');
    boltLogger(logger).error(`An API error occurred: ${slackToken}`);

    expect(output()).not.toContain(slackToken);
    expect(output().match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps every field that is not a secret, and the logged error’s type, message and stack', () => {
    const { logger, lines } = capturingLogger();
    const error = Object.assign(new Error('AWS could not be reached'), { code: 'AWS_UNAVAILABLE' });

    logger.child({ requestId: 'req-1' }).error(
      {
        code: 'TOKEN_CODE_REJECTED',
        details: { attemptsLeft: 2, serial: 'arn:aws:iam::123456789012:mfa/bot', tokenAttempts: 1 },
        users: [{ userName: 'alice', accessKeyId: 'AKIAEXAMPLE' }],
        err: error,
      },
      'refused',
    );

    expect(lines()[0]).toMatchObject({
      requestId: 'req-1',
      code: 'TOKEN_CODE_REJECTED',
      details: { attemptsLeft: 2, serial: 'arn:aws:iam::123456789012:mfa/bot', tokenAttempts: 1 },
      users: [{ userName: 'alice', accessKeyId: 'AKIAEXAMPLE' }],
      err: { type: 'Error', message: 'AWS could not be reached', code: 'AWS_UNAVAILABLE' },
      msg: 'refused',
    });
    expect((lines()[0] as { err: { stack: string } }).err.stack).toContain('AWS could not be reached');
  });

  it('leaves the caller’s objects as they were', () => {
    const { logger } = capturingLogger();
    const logged = { outer: { sessionToken: 'S3CR3T' }, list: [{ token: 'S3CR3T' }] };

    logger.info(logged, 'x');

    expect(logged).toEqual({ outer: { sessionToken: 'S3CR3T' }, list: [{ token: 'S3CR3T' }] });
  });
});
