import type { webApi } from '@slack/bolt';
import type { DirectoryClient } from '../../../src/slack/directory.js';
import type { NotifierClient } from '../../../src/slack/notifier.js';

/**
 * In-memory stand-ins for the few Web API methods the adapters call, passed in like `app.client`.
 * Failures look like @slack/web-api's: an error with `code` and, for Slack's own refusals, `data.error`.
 */

export function platformError(slackError: string): Error {
  return Object.assign(new Error(`An API error occurred: ${slackError}`), {
    code: 'slack_webapi_platform_error',
    data: { ok: false, error: slackError },
  });
}

export class FakeClock {
  constructor(private ms = Date.parse('2024-05-01T10:00:00Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

type User = NonNullable<webApi.UsersInfoResponse['user']>;

export class FakeDirectorySlack implements DirectoryClient {
  readonly calls: string[] = [];
  readonly usersById = new Map<string, User>();
  readonly groups = new Map<string, string[]>();
  /** The next calls fail with this error instead of answering. */
  failWith: Error | undefined;

  readonly users = {
    info: async (args: webApi.UsersInfoArguments): Promise<webApi.UsersInfoResponse> => {
      this.calls.push(`users.info ${args.user}`);
      if (this.failWith) throw this.failWith;
      const user = this.usersById.get(args.user);
      if (user === undefined) throw platformError('user_not_found');
      return { ok: true, user };
    },
  };

  readonly usergroups = {
    users: {
      list: async (
        args: webApi.UsergroupsUsersListArguments,
      ): Promise<webApi.UsergroupsUsersListResponse> => {
        this.calls.push(`usergroups.users.list ${args.usergroup}`);
        // Answer on a later tick, as the network would, so concurrent callers really overlap.
        await Promise.resolve();
        if (this.failWith) throw this.failWith;
        const users = this.groups.get(args.usergroup);
        if (users === undefined) throw platformError('no_such_subteam');
        return { ok: true, users: [...users] };
      },
    },
  };
}

export class FakeChat implements NotifierClient {
  readonly posted: webApi.ChatPostMessageArguments[] = [];
  readonly updated: webApi.ChatUpdateArguments[] = [];
  failWith: Error | undefined;

  readonly chat = {
    postMessage: async (args: webApi.ChatPostMessageArguments): Promise<webApi.ChatPostMessageResponse> => {
      if (this.failWith) throw this.failWith;
      this.posted.push(args);
      return {
        ok: true,
        channel: args.channel.startsWith('U') ? 'D0DM' : args.channel,
        ts: '1714557600.000100',
      };
    },
    update: async (args: webApi.ChatUpdateArguments): Promise<webApi.ChatUpdateResponse> => {
      if (this.failWith) throw this.failWith;
      this.updated.push(args);
      return { ok: true, channel: args.channel, ts: args.ts };
    },
  };
}
