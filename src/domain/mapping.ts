/**
 * How a Slack member is mapped to an IAM user. Rules are tried in order; the first that yields a
 * name wins, and the name is then confirmed with IAM (a mapping to a missing user is an error,
 * not a fall-through, so a typo cannot silently map someone to another user).
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
