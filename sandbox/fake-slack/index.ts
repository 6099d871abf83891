import { SlackIds } from './ids.js';

export type { WaitOptions } from './change-feed.js';
export { FakeSlack, startFakeSlack } from './fake-slack.js';
export { deactivateMember } from './members.js';
export type { CallQuery, FakeSlackOptions } from './options.js';
export { MANIFEST_BOT_SCOPES } from './options.js';
export { RECEIVED_AT_HEADER, REQUIRED_SCOPES } from './server.js';
export type { DisconnectReason, EnvelopeAnswer, EnvelopeType, SocketModeServer } from './socket-mode.js';
export type * from './types.js';
export type { SubmissionOutcome } from './view-lifecycle.js';
export type { BotIdentity } from './workspace.js';
export { TRIGGER_LIFETIME_MS } from './workspace.js';

/** The DM channel id the fake gives a user: U0ALICE → D0ALICE. */
export const dmChannelFor = (userId: string): string => SlackIds.dmChannelFor(userId);
