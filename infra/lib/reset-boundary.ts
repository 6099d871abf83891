import type { Placement } from './policies.js';
import type { StackSettings } from './settings.js';

/**
 * The users the bot's IAM user may reset, drawn by IAM itself and not only by the bot: explicit
 * denies of `DeactivateMFADevice` on protected users (`protectedUsers`, the globs of the config's
 * `protect.users`), on users outside a path (`resettablePath`) and on users without a tag
 * (`resettableTag`). A leaked key with one approver's code then still cannot reach them. With the
 * defaults (no globs, path `/`, no tag) there is nothing to deny beyond iam/, and no statement.
 *
 * Only deactivation is denied: IAM refuses to delete a virtual device that is still assigned to a
 * user, and a device's name need not be its user's. IAM matches these ARNs with case, as it stores
 * the user's name; the bot also matches `protect.users` without case.
 */
export function resetBoundaryStatements(
  settings: StackSettings,
  place: Placement,
): Record<string, unknown>[] {
  const users = `arn:${place.partition}:iam::${place.account}:user`;
  const deny = (sid: string, rest: Record<string, unknown>) => ({
    Sid: sid,
    Effect: 'Deny',
    Action: 'iam:DeactivateMFADevice',
    ...rest,
  });
  const statements: Record<string, unknown>[] = [];
  const globs = globsOf(settings.protectedUsers);
  if (globs.length > 0) {
    // A user's ARN holds its path (user/ops/admin-root): the glob at the root and under any path.
    const resources = globs.flatMap((glob) => [`${users}/${glob}`, `${users}/*/${glob}`]);
    statements.push(deny('DenyResetOfProtectUsers', { Resource: resources }));
  }
  if (settings.resettablePath !== '/') {
    statements.push(
      deny('DenyResetOutsideResettablePath', { NotResource: `${users}${settings.resettablePath}*` }),
    );
  }
  const tag = tagOf(settings.resettableTag);
  if (tag !== undefined) {
    // Negated operators hold when the key is absent: users without the tag are denied too.
    statements.push(
      deny('DenyResetWithoutResettableTag', {
        Resource: `${users}/*`,
        Condition: { StringNotEquals: { [`aws:ResourceTag/${tag.key}`]: tag.value } },
      }),
    );
  }
  return statements;
}

/** Whether these settings draw any boundary beyond iam/ (and so the stack renders the policy). */
export function drawsResetBoundary(settings: StackSettings): boolean {
  return (
    globsOf(settings.protectedUsers).length > 0 ||
    settings.resettablePath !== '/' ||
    settings.resettableTag !== ''
  );
}

/** `protectedUsers` as a list: comma-separated globs, blanks ignored. */
export function globsOf(setting: string): string[] {
  return setting
    .split(',')
    .map((glob) => glob.trim())
    .filter((glob) => glob !== '');
}

/** `resettableTag` (`KEY=VALUE`, or empty for none) as a key and a value. */
export function tagOf(setting: string): { key: string; value: string } | undefined {
  if (setting === '') return undefined;
  const [key = '', ...value] = setting.split('=');
  return { key, value: value.join('=') };
}
