/**
 * How a Slack member is mapped to an IAM user. Rules are tried in order; the first that yields a
 * name wins, and the name is then confirmed with IAM (a mapping to a missing user is an error,
 * not a fall-through, so a typo cannot silently map someone to another user). One Slack member per
 * IAM user: a user that a `static` rule gives to one member is refused to every other member
 * (MAPPING_CONFLICT), and two users carrying a member's tag are refused (MAPPING_AMBIGUOUS).
 */
export type MappingRule =
  | { readonly static: Readonly<Record<string, string>> }
  | { readonly email: { readonly template: string; readonly domains?: readonly string[] } }
  | { readonly tag: { readonly key: string } };

/** IAM user names: 1–64 of letters, digits and `+=,.@_-`. */
export const iamUserNamePattern = /^[\w+=,.@-]{1,64}$/;

export const emailTemplatePlaceholders = ['{localPart}', '{domain}', '{email}'] as const;

/**
 * The IAM user name the template gives for an e-mail address, or undefined when the address is
 * malformed, its domain is not allowed, or the result is not a valid IAM user name.
 */
export function iamUserNameFromEmail(
  rule: { readonly template: string; readonly domains?: readonly string[] },
  email: string,
): string | undefined {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return undefined;
  const localPart = email.slice(0, at);
  const domain = email.slice(at + 1).toLowerCase();
  if (rule.domains !== undefined && !rule.domains.some((allowed) => allowed.toLowerCase() === domain)) {
    return undefined;
  }
  // One pass, so that braces inside the address are never expanded as placeholders themselves.
  const values: Record<string, string> = { localPart, domain, email };
  const name = rule.template.replace(/\{(localPart|domain|email)\}/g, (_, key: string) => values[key] ?? '');
  return iamUserNamePattern.test(name) ? name : undefined;
}

/** IAM user names are unique without regard to case ("Alice" and "alice" are one user). */
export function sameIamUserName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The Slack member a `static` rule gives this IAM user to, other than `slackUserId`, if any. An IAM
 * user named in a static rule belongs to that member alone: no other rule may give it to someone
 * else (one Slack member per IAM user).
 */
export function staticOwnerOtherThan(
  rules: readonly MappingRule[],
  iamUserName: string,
  slackUserId: string,
): string | undefined {
  for (const rule of rules) {
    if (!('static' in rule)) continue;
    for (const [member, name] of Object.entries(rule.static)) {
      if (member !== slackUserId && sameIamUserName(name, iamUserName)) return member;
    }
  }
  return undefined;
}

/** IAM users that static rules give to more than one member: a configuration error. */
export function iamUsersStaticallySharedByMembers(
  rules: readonly MappingRule[],
): ReadonlyArray<{ readonly iamUserName: string; readonly members: readonly string[] }> {
  const owners = new Map<string, { iamUserName: string; members: Set<string> }>();
  for (const rule of rules) {
    if (!('static' in rule)) continue;
    for (const [member, name] of Object.entries(rule.static)) {
      const key = name.toLowerCase();
      const entry = owners.get(key) ?? { iamUserName: name, members: new Set<string>() };
      entry.members.add(member);
      owners.set(key, entry);
    }
  }
  return [...owners.values()]
    .filter((entry) => entry.members.size > 1)
    .map((entry) => ({ iamUserName: entry.iamUserName, members: [...entry.members] }));
}
