import * as z from 'zod';

/** Slack IDs as the config file names them, and lists of members (people and user groups). */
export const slackUserId = z
  .string()
  .regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user ID such as U012ABCDEF');
export const slackUserGroupId = z
  .string()
  .regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group ID such as S012ABCDEF');

export const members = z.strictObject(
  {
    users: z.array(slackUserId).default([]),
    userGroups: z.array(slackUserGroupId).default([]),
  },
  { error: 'is not set: add users (Slack user IDs) and/or userGroups (Slack user group IDs)' },
);
