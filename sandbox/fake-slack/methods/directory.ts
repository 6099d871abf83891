import { SlackIds } from '../ids.js';
import type { FakeUser } from '../types.js';
import type { Workspace } from '../workspace.js';
import { failure, type MethodHandler, stringArg } from './method.js';

const authTest: MethodHandler = (_args, workspace) => {
  const { identity } = workspace;
  return {
    ok: true,
    url: `https://${identity.teamDomain}.slack.com/`,
    team: identity.teamDomain,
    user: 'mfa-reset-bot',
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    is_enterprise_install: false,
  };
};

function userObject(user: FakeUser, workspace: Workspace): Record<string, unknown> {
  // Slack leaves the email out of the profile unless the token has users:read.email.
  const mayReadEmail = workspace.identity.scopes.includes('users:read.email');
  const realName = user.realName ?? user.name;
  return {
    id: user.id,
    team_id: workspace.identity.teamId,
    name: user.name,
    deleted: user.deleted ?? false,
    real_name: realName,
    is_bot: user.isBot ?? false,
    is_admin: false,
    is_app_user: false,
    ...(user.emailConfirmed !== 'unreported' && { is_email_confirmed: user.emailConfirmed ?? true }),
    profile: {
      real_name: realName,
      display_name: user.name,
      ...(mayReadEmail && user.email !== undefined && { email: user.email }),
    },
  };
}

const usersInfo: MethodHandler = (args, workspace) => {
  const user = workspace.users.get(stringArg(args, 'user') ?? '');
  return user === undefined ? failure('user_not_found') : { ok: true, user: userObject(user, workspace) };
};

const userGroupMembers: MethodHandler = (args, workspace) => {
  const group = workspace.userGroups.get(stringArg(args, 'usergroup') ?? '');
  return group === undefined ? failure('no_such_subteam') : { ok: true, users: [...group.users] };
};

const conversationsOpen: MethodHandler = (args, workspace) => {
  const channel = stringArg(args, 'channel');
  if (channel !== undefined) {
    const resolved = workspace.resolveChannel(channel);
    return resolved?.kind === 'dm'
      ? { ok: true, channel: { id: resolved.id } }
      : failure('channel_not_found');
  }
  const users = (stringArg(args, 'users') ?? '').split(',').filter((id) => id !== '');
  if (users.length === 0) return failure('users_list_not_supplied');
  if (users.some((id) => !workspace.users.has(id))) return failure('user_not_found');
  if (users.length > 8) return failure('too_many_users');
  const [onlyUser] = users;
  if (users.length === 1 && onlyUser !== undefined) {
    return { ok: true, channel: { id: SlackIds.dmChannelFor(onlyUser) } };
  }
  // A multi-person DM; the fake only needs a stable id for it.
  return { ok: true, channel: { id: `G${[...users].sort().join('').replace(/[UW]/g, '').slice(0, 10)}` } };
};

export const directoryMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'usergroups.users.list': userGroupMembers,
  'conversations.open': conversationsOpen,
};
