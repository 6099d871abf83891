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
  /** Every files.* and conversations.* call, in order, with its arguments. */
  readonly fileCalls: Array<{ method: string; args: unknown }> = [];
  failWith: Error | undefined;

  readonly conversations = {
    open: async (args: webApi.ConversationsOpenArguments): Promise<webApi.ConversationsOpenResponse> => {
      this.fileCalls.push({ method: 'conversations.open', args });
      if (this.failWith) throw this.failWith;
      return { ok: true, channel: { id: 'D0DM' } };
    },
  };

  readonly files = {
    getUploadURLExternal: async (
      args: webApi.FilesGetUploadURLExternalArguments,
    ): Promise<webApi.FilesGetUploadURLExternalResponse> => {
      this.fileCalls.push({ method: 'files.getUploadURLExternal', args });
      if (this.failWith) throw this.failWith;
      return { ok: true, upload_url: 'https://files.example/upload/F0FILE', file_id: 'F0FILE' };
    },
    completeUploadExternal: async (
      args: webApi.FilesCompleteUploadExternalArguments,
    ): Promise<webApi.FilesCompleteUploadExternalResponse> => {
      this.fileCalls.push({ method: 'files.completeUploadExternal', args });
      if (this.failWith) throw this.failWith;
      return { ok: true, files: [{ id: 'F0FILE' }] };
    },
  };

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
