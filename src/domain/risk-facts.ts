/**
 * What an approver should weigh before resetting someone's MFA, read when the request is submitted:
 * console access, active access keys, groups and policies (administrator access called out) and
 * the resets of the IAM user in the last 90 days. Shown for the approver's judgement, not a hashed
 * fact of the request. Every fact is either known or unknown, never guessed: a read that failed,
 * was denied or took too long is unknown, and unknown is never shown as "none".
 */

/** Why a fact could not be read. */
export type UnknownReason = 'access-denied' | 'timed-out' | 'failed' | 'too-many';

export type Fact<T> =
  | { readonly known: true; readonly value: T }
  | { readonly known: false; readonly reason: UnknownReason };

export function knownFact<T>(value: T): Fact<T> {
  return { known: true, value };
}

export function unknownFact<T>(reason: UnknownReason): Fact<T> {
  return { known: false, reason };
}

/** The AWS managed policy that grants everything. */
export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** A managed policy attached to the user or one of its groups. */
export interface AttachedPolicy {
  readonly name: string;
  readonly arn: string;
}

/** An inline policy, with what its document grants as far as this module judges it. */
export interface InlinePolicy {
  readonly name: string;
  /** The document allows Action "*" on Resource "*" (see `grantsEverything`). */
  readonly grantsEverything: boolean;
}

/** Where a set of policies comes from: the user itself, or one of its groups. */
export interface PolicySource {
  /** `user`, or the group's name. */
  readonly from: { readonly kind: 'user' } | { readonly kind: 'group'; readonly name: string };
  readonly attached: Fact<readonly AttachedPolicy[]>;
  readonly inline: Fact<readonly InlinePolicy[]>;
}

/** The facts IAM knows about a user, as the `Iam` port reads them. */
export interface IamRiskFacts {
  /** Whether the user has a console password (GetLoginProfile; NoSuchEntity means none). */
  readonly consolePassword: Fact<boolean>;
  /** When the password was last used to sign in (GetUser's PasswordLastUsed); null when never. */
  readonly passwordLastUsed: Fact<string | null>;
  /** How many of the user's access keys are Active (ListAccessKeys). */
  readonly activeAccessKeys: Fact<number>;
  /** The user's groups (ListGroupsForUser). */
  readonly groups: Fact<readonly string[]>;
  /**
   * The user's own policies first, then each group's. Unknown as a whole only when the groups
   * are: the user's own policies are read regardless.
   */
  readonly policies: readonly PolicySource[];
}

/** The resets of the IAM user the audit trail records as completed in the last `days` days. */
export interface RecentResets {
  readonly days: number;
  readonly completed: number;
  /** The count stopped at a bound before the trail's end: there may be more. */
  readonly atLeast: boolean;
}

export interface RiskFacts extends IamRiskFacts {
  /** When they were read (ISO-8601). */
  readonly readAt: string;
  readonly recentResets: Fact<RecentResets>;
}

/** How far back the audit trail's resets are counted. */
export const RECENT_RESETS_DAYS = 90;

/** The user's group names, or undefined when they could not be read. For rule matching. */
export function groupNames(facts: Pick<IamRiskFacts, 'groups'>): readonly string[] | undefined {
  return facts.groups.known ? facts.groups.value : undefined;
}

/**
 * Whether the user has administrator access: the AWS managed AdministratorAccess policy, or an
 * inline policy allowing every action on every resource, on the user or one of its groups. True
 * as soon as one is found, even if other policies could not be read; false only when every
 * policy was read and none grants it; otherwise undefined (unknown).
 *
 * Customer-managed policies are listed but their documents are not read: one attached, with no
 * administrator access found elsewhere, leaves the answer unknown rather than false.
 */
export function hasAdministratorAccess(
  facts: Pick<IamRiskFacts, 'groups' | 'policies'>,
): boolean | undefined {
  let complete = facts.groups.known;
  for (const source of facts.policies) {
    if (source.attached.known) {
      if (source.attached.value.some((policy) => policy.arn === ADMINISTRATOR_ACCESS_ARN)) return true;
      if (source.attached.value.some((policy) => !isAwsManaged(policy.arn))) complete = false;
    } else {
      complete = false;
    }
    if (source.inline.known) {
      if (source.inline.value.some((policy) => policy.grantsEverything)) return true;
    } else {
      complete = false;
    }
  }
  return complete ? false : undefined;
}

/** The policies whose grant `hasAdministratorAccess` counts, named for the approver. */
export function administratorPolicies(facts: Pick<IamRiskFacts, 'policies'>): string[] {
  const names: string[] = [];
  for (const source of facts.policies) {
    const where = source.from.kind === 'user' ? '' : ` (group ${source.from.name})`;
    if (source.attached.known) {
      for (const policy of source.attached.value) {
        if (policy.arn === ADMINISTRATOR_ACCESS_ARN) names.push(`${policy.name}${where}`);
      }
    }
    if (source.inline.known) {
      for (const policy of source.inline.value) {
        if (policy.grantsEverything) names.push(`${policy.name} (inline)${where}`);
      }
    }
  }
  return names;
}

function isAwsManaged(arn: string): boolean {
  return /^arn:aws[\w-]*:iam::aws:policy\//.test(arn);
}

/**
 * Whether a parsed IAM policy document has a statement that allows Action "*" (or "*:*") on
 * Resource "*". A Condition does not change the answer: it may narrow when, not what, and an
 * approver should know either way. A document that cannot be judged (not an object) grants
 * nothing here; NotAction and NotResource statements are not counted.
 */
export function grantsEverything(document: unknown): boolean {
  if (typeof document !== 'object' || document === null) return false;
  const statements = asList((document as { Statement?: unknown }).Statement);
  return statements.some((statement) => {
    if (typeof statement !== 'object' || statement === null) return false;
    const s = statement as Record<string, unknown>;
    return (
      s.Effect === 'Allow' &&
      asList(s.Action).some((action) => action === '*' || action === '*:*') &&
      asList(s.Resource).some((resource) => resource === '*')
    );
  });
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The facts in four words for the REQUEST_CREATED event's details, so that auditors see what the
 * approvers were shown: administrator access, console password, active access keys and the
 * resets in the last 90 days, each `unknown` when it could not be read.
 */
export function riskSummary(facts: RiskFacts): Record<string, string | number> {
  const admin = hasAdministratorAccess(facts);
  const value = <T extends string | number>(fact: Fact<T>) => (fact.known ? fact.value : 'unknown');
  return {
    riskAdministratorAccess: admin === undefined ? 'unknown' : admin ? 'yes' : 'no',
    riskConsolePassword: facts.consolePassword.known
      ? facts.consolePassword.value
        ? 'yes'
        : 'no'
      : 'unknown',
    riskActiveAccessKeys: value(facts.activeAccessKeys),
    riskResetsIn90Days: facts.recentResets.known ? facts.recentResets.value.completed : 'unknown',
  };
}
