import type { WaitOptions } from './change-feed.js';
import type { DirectorySeed, RecordedCall } from './types.js';
import type { BotIdentity } from './workspace.js';

/** The bot scopes of manifest.yml; a test can narrow them to see how the app copes with a missing scope. */
export const MANIFEST_BOT_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'users:read',
  'users:read.email',
  'usergroups:read',
  'files:write',
] as const;

export interface FakeSlackOptions extends Partial<BotIdentity> {
  directory?: DirectorySeed;
  /** The fake's clock in milliseconds (trigger_id expiry, message ts, `at`); Date.now by default. */
  now?: () => number;
}

export interface CallQuery extends WaitOptions {
  where?: (call: RecordedCall) => boolean;
  /** Only calls recorded after this many calls in total (see `callCount()`). */
  since?: number;
}

/** Who the bot is in the fake workspace: the options given, Slack-shaped defaults for the rest. */
export function identityFrom(options: FakeSlackOptions): BotIdentity {
  return {
    teamId: options.teamId ?? 'T0FAKETEAM',
    teamDomain: options.teamDomain ?? 'fake-team',
    botUserId: options.botUserId ?? 'U0MFABOT',
    botId: options.botId ?? 'B0MFABOT',
    appId: options.appId ?? 'A0MFARESET',
    botToken: options.botToken ?? 'xoxb-fake-bot-token',
    appToken: options.appToken ?? 'xapp-1-A0MFARESET-fake-app-token',
    scopes: options.scopes ?? MANIFEST_BOT_SCOPES,
  };
}
