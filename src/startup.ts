import { homeAccountOf } from './domain/accounts.js';
import { VERSION } from './version.js';

/**
 * The facts of the one line the bot logs when it has started (`mfa-reset-bot started`): what runs,
 * how it reaches Slack, where it writes and in which AWS account it resets, so that whoever reads
 * the log of a deployment knows at once which bot this is.
 */
export interface StartupFacts {
  readonly version: string;
  readonly mode: 'socket' | 'http';
  /** HTTP mode: the port it listens on. */
  readonly port?: number;
  readonly table: string;
  /** The bot's IAM user's account, read from its MFA devices' ARNs; undefined with hardware serials only. */
  readonly account?: string;
  readonly slackTeam: string;
  /** Where the step-up key comes from (never the key): `runtime`, `profile` or `environment`. */
  readonly stepUpKey: string;
  /** The member accounts of the config file, as `NAME (ID)`; absent when there are none. */
  readonly accounts?: readonly string[];
}

/** What the composition root knows once the bot runs. */
export interface StartedBot {
  readonly mode: StartupFacts['mode'];
  readonly port?: number;
  readonly table: string;
  /** The bot's configured MFA serials (the shared one and the approvers'), in that order. */
  readonly mfaSerials: readonly (string | undefined)[];
  readonly slackTeam: string;
  readonly stepUpKey: string;
  /** The member accounts (`accounts:`), from the configuration only: no AWS call. */
  readonly accounts?: readonly { readonly id: string; readonly name: string }[];
}

export function startupFacts(started: StartedBot): StartupFacts {
  const account = homeAccountOf(started.mfaSerials);
  return {
    version: VERSION,
    mode: started.mode,
    ...(started.port !== undefined ? { port: started.port } : {}),
    table: started.table,
    ...(account !== undefined ? { account } : {}),
    slackTeam: started.slackTeam,
    stepUpKey: started.stepUpKey,
    ...(started.accounts !== undefined && started.accounts.length > 0
      ? { accounts: started.accounts.map(({ id, name }) => `${name} (${id})`) }
      : {}),
  };
}

/**
 * Logged at start-up when the step-up key is the runtime identity: what one leaked key can then do.
 * With the key apart, the identity that writes the table cannot reset, and the one that resets
 * cannot write the table.
 */
export const SHARED_IDENTITY_WARNING =
  'the step-up key is the runtime identity (neither STEP_UP_AWS_ACCESS_KEY_ID nor aws.stepUpProfile is set): ' +
  'one leaked key can both reset MFA devices with one phished approver code and write the audit table. ' +
  'Give the bot its IAM user’s key apart from the identity it runs as (docs/aws-setup.md).';
