import { ResetError } from '../domain/errors.js';
import type { Directory } from './ports.js';
import type { ResetRules } from './service-deps.js';

type CheckDeps = { readonly directory: Directory; readonly rules: ResetRules };

/**
 * Help-desk members: listed in `helpdesk.users` or in one of `helpdesk.userGroups`, read fresh from
 * Slack (a member removed from the help-desk group cannot ask for anyone a moment later).
 */
export async function isHelpdesk(deps: CheckDeps, slackUserId: string): Promise<boolean> {
  if (deps.rules.helpdesk.users.includes(slackUserId)) return true;
  for (const group of deps.rules.helpdesk.userGroups) {
    if ((await deps.directory.userGroupMembers(group, 'decision')).includes(slackUserId)) return true;
  }
  return false;
}

/** Refuses (NOT_HELPDESK) a member who names someone else without being on the help desk. */
export async function assertMayRequestFor(
  deps: CheckDeps,
  input: { readonly requesterSlackId: string; readonly targetSlackId: string },
): Promise<void> {
  if (input.targetSlackId === input.requesterSlackId) return;
  if (await isHelpdesk(deps, input.requesterSlackId)) return;
  throw new ResetError(
    'NOT_HELPDESK',
    `${input.requesterSlackId} is not on the help desk and cannot ask for ${input.targetSlackId}.`,
    { details: { slackUserId: input.requesterSlackId, targetSlackId: input.targetSlackId } },
  );
}

/**
 * Refuses (MEMBER_DEACTIVATED) when Slack reports any of `members` as deactivated: nobody who has
 * left asks for a reset, and nobody asks for one on behalf of someone who has left. Read from Slack
 * itself; the members are read at once.
 */
export async function assertActiveMembers(deps: CheckDeps, members: readonly string[]): Promise<void> {
  const distinct = [...new Set(members)];
  const deactivated = await Promise.all(
    distinct.map((member) => deps.directory.isDeactivated(member, 'decision')),
  );
  const gone = distinct.find((_, index) => deactivated[index]);
  if (gone === undefined) return;
  throw new ResetError('MEMBER_DEACTIVATED', `Slack reports the account of ${gone} as deactivated.`, {
    details: { slackUserId: gone },
  });
}
