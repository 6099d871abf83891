import type { FakeSlack } from './fake-slack.js';

/**
 * Deactivates a member as a workspace admin would: users.info then says `deleted: true`, and
 * DMs to them still post (Slack keeps the conversation).
 */
export function deactivateMember(slack: FakeSlack, userId: string): void {
  const user = slack.user(userId);
  if (user === undefined) throw new Error(`no member ${userId} in the fake workspace`);
  user.deleted = true;
}
