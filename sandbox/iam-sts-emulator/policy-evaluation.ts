/**
 * IAM's evaluation of policy documents, for what the emulator's roles need: a role's trust policy
 * (whether a principal may sts:AssumeRole) and its permission policies (what its sessions may do).
 * As IAM decides: an explicit Deny wins, else an Allow allows, else the request is implicitly
 * denied. Statements match on Action/NotAction (case-insensitive, `*` and `?` wildcards),
 * Resource/NotResource (wildcards), Principal (trust policies) and Condition. A document using an
 * element or condition operator outside this set is refused (an Error, never a silent decision).
 * test/unit/sandbox/policy-evaluation.test.ts holds it to the IAM evaluator the proofs use.
 */
export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface EvaluatedRequest {
  readonly action: string;
  readonly resource: string;
  /** Request context keys (`aws:MultiFactorAuthPresent`, `aws:ResourceTag/KEY`, `sts:ExternalId`); absent ones left out. */
  readonly context: Readonly<Record<string, string>>;
  /** The calling principal's ARNs, for a trust policy's Principal (e.g. a user's ARN, its account's root). */
  readonly principals?: readonly string[];
}

type Values = string | readonly string[];
interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: Values;
  readonly NotAction?: Values;
  readonly Resource?: Values;
  readonly NotResource?: Values;
  readonly Principal?: '*' | Readonly<Record<string, Values>>;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, Values | boolean>>>>;
}

const KNOWN_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'Condition',
]);

function list(values: Values | boolean | undefined): string[] {
  if (values === undefined) return [];
  return (Array.isArray(values) ? values : [values]).map(String);
}

/** IAM's wildcard match: `*` any run of characters, `?` exactly one. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

type Test = (actual: string, expected: string) => boolean;
/** Positive operators: true when some value matches. Their `Not` forms: true when none does. */
const OPERATORS: Readonly<Record<string, { test: Test; negated: boolean }>> = {
  StringEquals: { test: (a, e) => a === e, negated: false },
  StringNotEquals: { test: (a, e) => a === e, negated: true },
  StringEqualsIgnoreCase: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: true },
  StringLike: { test: (a, e) => wildcardMatch(e, a), negated: false },
  StringNotLike: { test: (a, e) => wildcardMatch(e, a), negated: true },
  ArnEquals: { test: (a, e) => a === e, negated: false },
  ArnLike: { test: (a, e) => wildcardMatch(e, a), negated: false },
  ArnNotEquals: { test: (a, e) => a === e, negated: true },
  ArnNotLike: { test: (a, e) => wildcardMatch(e, a), negated: true },
  Bool: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
};

function contextValue(context: Readonly<Record<string, string>>, key: string): string | undefined {
  const wanted = key.toLowerCase();
  const found = Object.keys(context).find((name) => name.toLowerCase() === wanted);
  return found === undefined ? undefined : context[found];
}

function conditionHolds(
  operator: string,
  key: string,
  expected: string[],
  request: EvaluatedRequest,
): boolean {
  const actual = contextValue(request.context, key);
  if (operator === 'Null') {
    // "true": the key must be absent; "false": present.
    return expected.some((value) => (value.toLowerCase() === 'true') === (actual === undefined));
  }
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  const definition = OPERATORS[base];
  if (definition === undefined)
    throw new Error(`the emulator does not evaluate condition operator ${operator}`);
  if (actual === undefined) return ifExists || definition.negated;
  const matches = expected.some((value) => definition.test(actual, value));
  return definition.negated ? !matches : matches;
}

function principalMatches(statement: Statement, request: EvaluatedRequest): boolean {
  if (statement.Principal === undefined) return true;
  if (statement.Principal === '*') return true;
  const named = list(statement.Principal.AWS);
  return named.some((name) => name === '*' || (request.principals ?? []).includes(name));
}

function statementApplies(statement: Statement, request: EvaluatedRequest): boolean {
  for (const element of Object.keys(statement)) {
    if (!KNOWN_ELEMENTS.has(element))
      throw new Error(`the emulator does not evaluate policy element ${element}`);
  }
  const actionMatches = (patterns: Values | undefined) =>
    list(patterns).some((pattern) => wildcardMatch(pattern, request.action, true));
  const resourceMatches = (patterns: Values | undefined) =>
    list(patterns).some((pattern) => wildcardMatch(pattern, request.resource));
  if (
    statement.Action !== undefined ? !actionMatches(statement.Action) : actionMatches(statement.NotAction)
  ) {
    return false;
  }
  if (statement.Resource !== undefined && !resourceMatches(statement.Resource)) return false;
  if (statement.NotResource !== undefined && resourceMatches(statement.NotResource)) return false;
  if (!principalMatches(statement, request)) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => conditionHolds(operator, key, list(expected), request)),
  );
}

function statementsOf(document: unknown): Statement[] {
  const statements = (document as { Statement?: unknown } | undefined)?.Statement;
  if (statements === undefined) throw new Error('a policy document needs a Statement');
  return (Array.isArray(statements) ? statements : [statements]) as Statement[];
}

/** What IAM decides for the request over these documents together. */
export function evaluatePolicies(documents: readonly unknown[], request: EvaluatedRequest): Decision {
  const applying = documents
    .flatMap(statementsOf)
    .filter((statement) => statementApplies(statement, request));
  if (applying.some((statement) => statement.Effect === 'Deny')) return 'ExplicitlyDenied';
  return applying.some((statement) => statement.Effect === 'Allow') ? 'Allowed' : 'ImplicitlyDenied';
}
