import type { z } from 'zod';

/**
 * Configuration problems in words an operator can act on: each line names the key, what was given
 * and what to set. zod's own words ("Invalid input: expected int, received number") say none of
 * that; messages written into the schemas themselves (`'must be a Slack user ID such as …'`) are
 * kept as they are, since zod asks this map only about checks that have no message of their own.
 */

type Issue = z.core.$ZodRawIssue;

/** What a value of zod's expected type is, in the words of the YAML file. */
const expectedWords: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  string: 'a text value',
  array: 'a list, such as [a, b]',
  object: 'a section of keys',
  record: 'a section of keys',
};

/** The given value as the operator wrote it, shortened. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty (null)';
  if (typeof value === 'object') return 'a section of keys';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function invalidType(issue: Extract<Issue, { code: 'invalid_type' }>): string {
  const expected = expectedWords[issue.expected] ?? issue.expected;
  if (issue.input === undefined) return `is not set: set it to ${expected}`;
  return `is ${shown(issue.input)}, not ${expected}: set ${expected}`;
}

/** The limits of a number schema, read from its checks (`.int()`, `.min()`, `.max()`). */
interface NumberLimits {
  minimum?: number;
  maximum?: number;
  whole?: boolean;
}

interface CheckDef {
  readonly check?: string;
  readonly value?: number;
  readonly format?: string;
}

function numberLimits(schema: unknown): NumberLimits {
  const checks = (schema as { _zod?: { def?: { checks?: { _zod: { def: CheckDef } }[] } } })?._zod?.def
    ?.checks;
  const limits: NumberLimits = {};
  for (const { check, value, format } of (checks ?? []).map((c) => c._zod.def)) {
    if (check === 'greater_than' && value !== undefined) limits.minimum = value;
    if (check === 'less_than' && value !== undefined) limits.maximum = value;
    if (check === 'number_format' && format?.includes('int')) limits.whole = true;
  }
  return limits;
}

/** What to set instead of a number out of range: the whole range when the schema has both ends. */
function numberRange(schema: unknown, limit: number | bigint, side: 'at least' | 'at most'): string {
  const { minimum, maximum, whole } = numberLimits(schema);
  const kind = whole ? 'a whole number' : 'a number';
  if (minimum !== undefined && maximum !== undefined) return `${kind} from ${minimum} to ${maximum}`;
  return `${kind} ${side} ${limit}`;
}

function bound(
  issue: { origin: string; input?: unknown; schema?: unknown },
  limit: number | bigint,
  side: 'at least' | 'at most',
): string {
  switch (issue.origin) {
    case 'array':
      return `has ${Array.isArray(issue.input) ? issue.input.length : 'the wrong number of'} items: give ${side} ${limit}`;
    case 'string':
      return issue.input === ''
        ? 'is empty: set a value'
        : `is ${shown(issue.input)}: write ${side} ${limit} characters`;
    default:
      return `is ${shown(issue.input)}, out of range: set ${numberRange(issue.schema, limit, side)}`;
  }
}

/**
 * The per-parse error map of the configuration: zod calls it for issues the schema gives no
 * message of its own. Undefined leaves zod's words (for issues not listed here).
 */
export function configErrorMap(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue);
    case 'too_big':
      return bound(issue, issue.maximum, 'at most');
    case 'too_small':
      return bound(issue, issue.minimum, 'at least');
    case 'invalid_value': {
      const allowed = issue.values.map((value) => String(value));
      return `is ${shown(issue.input)}: set ${allowed.length === 1 ? '' : 'one of '}${allowed.join(', ')}`;
    }
    default:
      return undefined;
  }
}

/** Edit distance between two keys (insertions, deletions, substitutions), without case. */
export function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  let previous = Array.from({ length: right.length + 1 }, (_, j) => j);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

/** The known key nearest to a misspelt one, when it is near enough to be what was meant. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const ranked = known
    .map((candidate) => ({ candidate, distance: editDistance(key, candidate) }))
    .sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  if (best === undefined) return undefined;
  return best.distance <= Math.max(2, Math.floor(best.candidate.length / 3)) ? best.candidate : undefined;
}

/** The schema that validates the value at `path`, through defaults, optionals, pipes and lists. */
function schemaAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let current: z.core.$ZodType | undefined = schema;
  const rest = [...path];
  while (current !== undefined) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if ('innerType' in def) current = def.innerType as z.core.$ZodType;
    else if (def.type === 'pipe') current = def.in as z.core.$ZodType;
    else if (rest.length === 0) return current;
    else {
      const segment = rest.shift();
      if (def.type === 'object') current = (def.shape as Record<string, z.core.$ZodType>)[String(segment)];
      else if (def.type === 'array') current = def.element as z.core.$ZodType;
      else if (def.type === 'record') current = def.valueType as z.core.$ZodType;
      else return undefined;
    }
  }
  return undefined;
}

function knownKeysAt(schema: z.core.$ZodType | undefined, path: readonly PropertyKey[]): string[] {
  const object = schema === undefined ? undefined : schemaAt(schema, path);
  const def = object?._zod.def as { type?: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape !== undefined ? Object.keys(def.shape) : [];
}

function unknownKeyText(key: string, known: readonly string[]): string {
  const nearest = nearestKey(key, known);
  if (nearest !== undefined) return `unknown key: did you mean ${nearest}?`;
  if (known.length > 0) return `unknown key: the keys here are ${known.join(', ')}`;
  return 'unknown key (check its spelling against the configuration reference)';
}

/**
 * Formats zod issues as one line per key, naming the key and saying what to set. With the schema,
 * an unknown key is answered with the nearest known key of the same section.
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  options: { schema?: z.core.$ZodType; prefix?: string } = {},
): string {
  const name = (path: readonly PropertyKey[]) =>
    [options.prefix ?? '', ...path.map(String)].filter((part) => part !== '').join('.');
  return issues
    .flatMap((issue) => {
      const key = name(issue.path);
      if (issue.code === 'unrecognized_keys') {
        const known = knownKeysAt(options.schema, issue.path);
        return issue.keys.map(
          (unknown) => `  - ${name([...issue.path, unknown])}: ${unknownKeyText(unknown, known)}`,
        );
      }
      // Record keys (Slack user IDs in `static`, `mfaDevices`) carry the real reason one level down.
      const message =
        issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      return [`  - ${key === '' ? '(top level)' : key}: ${message}`];
    })
    .join('\n');
}
