import pino from 'pino';

/**
 * What never reaches a log line, wherever it sits in what is logged: defence in depth on top of
 * never passing codes, credentials or tokens to the logger in the first place.
 *
 * - A field whose name says it holds a secret is replaced with `[redacted]` at any depth, in
 *   objects, arrays, errors and child-logger bindings: `token`, `tokenCode`, `code_input`,
 *   `credentials`, `secretAccessKey`/`SecretAccessKey`, `sessionToken`/`SessionToken`,
 *   `authorization`, `cookie`, and any name ending in `token`, `secret` or `password` (`botToken`,
 *   `appToken`, `signingSecret`, …). Names are compared without case, `_` or `-`.
 * - A Slack token (`xoxb-…`, `xoxp-…`, `xapp-…`, …) is replaced wherever it appears in the line,
 *   messages included.
 *
 * pino's own `redact` takes paths, which cannot say "at any depth"; this walks what is logged
 * instead, copying only the objects in which it replaces something.
 */
export const CENSOR = '[redacted]';

const secretNames = new Set([
  'token',
  'tokencode',
  'codeinput',
  'credentials',
  'secretaccesskey',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
]);
const secretSuffixes = ['token', 'secret', 'password'];

/** Deep enough for any object the bot logs; below this nothing is walked (and nothing is logged deeper). */
const MAX_DEPTH = 10;

export function isSecretName(name: string): boolean {
  const normalised = name.toLowerCase().replace(/[_-]/g, '');
  return secretNames.has(normalised) || secretSuffixes.some((suffix) => normalised.endsWith(suffix));
}

/** Slack's token formats: bot, user, app-level, configuration and legacy workspace tokens. */
const slackTokenPattern = /\bx(?:ox[abeoprs]|app)-[A-Za-z0-9-]{6,}/g;

/** A log line (or any text) with every Slack token in it replaced. */
export function redactSlackTokens(text: string): string {
  return text.replace(slackTokenPattern, CENSOR);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * `value` with every field named like a secret replaced, at any depth. Returns `value` itself when
 * nothing had to change, so that ordinary log calls allocate nothing. Errors become what pino's
 * error serializer makes of them (type, message, stack, own fields) and are then walked; other
 * class instances (sockets, clients) are left alone: the bot never logs them, and walking them
 * would not be cheap.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (value instanceof Error) return redactFields(pino.stdSerializers.err(value), depth);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const redacted = redactSecrets(item, depth + 1);
      if (redacted !== item) {
        copy ??= [...value];
        copy[index] = redacted;
      }
    });
    return copy ?? value;
  }
  return isPlainObject(value) ? redactFields(value, depth) : value;
}

/** The object's own fields, a secret's value replaced, the others walked; `skip` is left as it is. */
function redactFields<T extends object>(value: T, depth: number, skip?: string): T {
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key === skip) continue;
    const redacted = isSecretName(key) ? CENSOR : redactSecrets(item, depth + 1);
    if (redacted !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = redacted;
    }
  }
  return (copy as T | undefined) ?? value;
}

/**
 * The pino options that apply both rules: the logged object is walked, the `err` field goes
 * through pino's error serializer first, and the finished line loses its Slack tokens. Child
 * bindings need `redactChildBindings` as well: pino applies the bindings formatter to the root's
 * bindings only.
 */
export function redactionOptions(): Pick<pino.LoggerOptions, 'formatters' | 'serializers' | 'hooks'> {
  return {
    formatters: {
      // `err` is left to the error serializer, which pino applies after this.
      log: (object) => redactFields(object, 0, 'err'),
      bindings: (bindings) => redactSecrets(bindings) as pino.Bindings,
    },
    serializers: { err: (error: unknown) => redactSecrets(error) },
    hooks: { streamWrite: redactSlackTokens },
  };
}

/** Makes `logger.child(bindings)`, and the children's own `child`, walk the bindings first. */
export function redactChildBindings(logger: pino.Logger): pino.Logger {
  const child = logger.child;
  // Children are created from the logger itself, so they inherit this `child` too.
  logger.child = function redactedChild(this: pino.Logger, bindings, options) {
    return child.call(this, redactSecrets(bindings) as pino.Bindings, options);
  } as typeof logger.child;
  return logger;
}
