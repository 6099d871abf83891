import type { ViewOutput } from '@slack/bolt';

/** A member of the fake workspace; `email` is what `users.info` returns in `profile.email`. */
export interface FakeUser {
  id: string;
  name: string;
  realName?: string;
  email?: string;
  /**
   * What `users.info` says in `is_email_confirmed`: `true` unless set (a member who confirmed their
   * address, as most have), `false`, or `'unreported'` to leave the field out of the user object.
   */
  emailConfirmed?: boolean | 'unreported';
  deleted?: boolean;
  isBot?: boolean;
}

export interface FakeUserGroup {
  id: string;
  handle?: string;
  users: string[];
}

/** A public or private channel. Without `members`, every known user counts as a member. */
export interface FakeChannel {
  id: string;
  name: string;
  members?: string[];
}

/** Who is in the workspace from the start; `reset()` returns the directory to this seed. */
export interface DirectorySeed {
  users?: FakeUser[];
  userGroups?: FakeUserGroup[];
  channels?: FakeChannel[];
}

/** The JSON body Slack answers a Web API call with. */
export interface SlackApiResponse {
  ok: boolean;
  error?: string;
  [field: string]: unknown;
}

/** One Web API call as the fake received it; JSON-valued form fields (`blocks`, `view`, ...) are decoded. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** Milliseconds on the fake's clock. */
  at: number;
  response: SlackApiResponse;
}

/** A message posted by the bot (chat.postMessage, chat.postEphemeral or a response_url). */
export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Record<string, unknown>[];
  threadTs?: string;
  /** Set for ephemeral messages: the only user who sees it. */
  ephemeralTo?: string;
  /** Bumped by chat.update and `replace_original`. */
  editCount: number;
  deleted: boolean;
  /** Files shared with the message (files.completeUploadExternal). */
  fileIds?: string[];
}

/** An upload reserved with files.getUploadURLExternal; `content` once the bytes arrived. */
export interface FakeUpload {
  fileId: string;
  filename: string;
  length: number;
  reservedAt: number;
  content?: string;
}

/** A file the app shared through the external upload flow. */
export interface FakeFile {
  id: string;
  filename: string;
  title: string;
  /** The bytes as UTF-8 text (the bot only uploads text files). */
  content: string;
  channel?: string;
  comment?: string;
}

/** A modal as Slack holds it: the view object it returns from views.* calls, plus who sees it. */
export interface FakeView {
  readonly id: string;
  readonly userId: string;
  view: ViewOutput;
  isOpen: boolean;
  /** `response_action: errors` of the last submission, keyed by block_id. */
  lastErrors?: Record<string, string>;
}

/** Where a response_url posts to: the interaction it came from. */
export interface ResponseUrlContext {
  userId: string;
  channelId: string;
  /** The message the interaction came from, for `replace_original` / `delete_original`. */
  messageTs?: string;
}

/** One POST the app made to a response_url. */
export interface RecordedResponse {
  id: string;
  url: string;
  body: Record<string, unknown>;
  at: number;
  context: ResponseUrlContext;
  /** HTTP status the fake answered with (400 when Slack would reject the message). */
  status: number;
}
