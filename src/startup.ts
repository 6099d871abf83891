import type { Config } from './config/load.js';
import type { SlackIdentity } from './slack/reach.js';
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
}

/** The account in the first IAM ARN among the bot's configured MFA devices. */
function accountOf(config: Config): string | undefined {
  const { aws, approvers } = config.policyFile;
  const serials = [aws.botMfaSerial, ...Object.values(approvers.mfaDevices)];
  for (const serial of serials) {
    const account = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(serial ?? '')?.[1];
    if (account !== undefined) return account;
  }
  return undefined;
}

export function startupFacts(config: Config, run: { port?: number; slack: SlackIdentity }): StartupFacts {
  const account = accountOf(config);
  return {
    version: VERSION,
    mode: config.slack.appToken !== undefined ? 'socket' : 'http',
    ...(run.port !== undefined ? { port: run.port } : {}),
    table: config.policyFile.audit.table,
    ...(account !== undefined ? { account } : {}),
    slackTeam: run.slack.team,
  };
}
