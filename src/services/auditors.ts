import type { Directory, DirectoryUse } from './ports.js';
import type { ResetRules } from './service-deps.js';

/**
 * Auditors: members listed in `auditors.users` or in one of `auditors.userGroups`. Group
 * membership is read fresh from Slack for every review and export (a `decision`), so a member
 * removed from an auditor group loses access at once; the App Home may use the short cache. Being an auditor takes nothing away: an approver who audits still approves.
 */
export async function isAuditor(
  deps: { directory: Directory; rules: ResetRules },
  slackUserId: string,
  use: DirectoryUse = 'decision',
): Promise<boolean> {
  if (deps.rules.auditors.users.includes(slackUserId)) return true;
  for (const group of deps.rules.auditors.userGroups) {
    if ((await deps.directory.userGroupMembers(group, use)).includes(slackUserId)) return true;
  }
  return false;
}

/** Every auditor now (listed members and current group members), each once, for alarms. */
export async function currentAuditors(deps: { directory: Directory; rules: ResetRules }): Promise<string[]> {
  const members = new Set(deps.rules.auditors.users);
  for (const group of deps.rules.auditors.userGroups) {
    for (const member of await deps.directory.userGroupMembers(group, 'decision')) members.add(member);
  }
  return [...members];
}
