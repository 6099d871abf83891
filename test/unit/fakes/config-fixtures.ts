import type { LoadConfigOptions } from '../../../src/config/load.js';
import { parseConfigFile } from '../../../src/config/load.js';
import { isResetError, type ResetError } from '../../../src/domain/errors.js';

/** The configuration example the project documents, with every ID already in a valid form. */
export const designExampleYaml = `
slack:
  approvalChannel: C0APPROVALS          # channel ID for approval requests
approvers:
  users: [U0APPROVER]                   # Slack user IDs
  userGroups: [S0SECURITY]              # Slack user group IDs
  minApprovals: 1
auditors: { users: [], userGroups: [] }
aws:
  botMfaSerial: arn:aws:iam::123456789012:mfa/mfa-reset-bot
  stepUp: always                        # the only mode; when-required is refused at start-up
  deleteVirtualDevices: true
mapping:                                # Slack user -> IAM user; tried in order
  - static: { U0ALICE: alice }
  - email: { template: "{localPart}" }   # from the Slack profile email
  - tag: { key: slack-user-id }         # IAM user tag holding the Slack user ID
protect:
  users: ["admin-*", "break-glass"]
  tag: mfa-reset-protected
requests:
  ttlMinutes: 60
  reasonMinLength: 10
  maxTokenAttempts: 3
audit:
  table: mfa-reset-audit
`;

/** The least a config file needs. */
export const minimalYaml = `
slack: { approvalChannel: C0APPROVALS }
approvers: { users: [U0APPROVER] }
aws: { botMfaSerial: "arn:aws:iam::123456789012:mfa/mfa-reset-bot" }
mapping:
  - static: { U0ALICE: alice }
`;

/** An environment for Socket Mode with every required variable set. */
export const socketModeEnv: Readonly<Record<string, string>> = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdef',
  SLACK_APP_TOKEN: 'xapp-1-A111-222-abcdef',
  AWS_REGION: 'eu-west-1',
  MFA_RESET_CONFIG: 'config/mfa-reset.yaml',
};

/**
 * `loadConfig` options reading `files` (absolute path → text) from memory, in `cwd` /srv/bot.
 * A path that is not there fails like the file system does.
 */
export function configSources(
  env: Readonly<Record<string, string | undefined>>,
  files: Readonly<Record<string, string>> = { '/srv/bot/config/mfa-reset.yaml': designExampleYaml },
): Required<LoadConfigOptions> & { readonly reads: string[] } {
  const reads: string[] = [];
  return {
    env: { ...env },
    cwd: '/srv/bot',
    reads,
    readFile(path) {
      reads.push(path);
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
  };
}

/** The coded error parseConfigFile stops with for `text` (read as the file at `source`). */
export function configFileError(text: string, source: string): ResetError {
  try {
    parseConfigFile(text, source);
  } catch (error) {
    if (isResetError(error)) return error;
    throw error;
  }
  throw new Error('parseConfigFile did not fail');
}
