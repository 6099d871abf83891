import type { AccessKeyPair, BotUser } from './model.js';
import type { EmulatorState } from './state.js';

export interface BotUserInput {
  readonly userName?: string;
  readonly approvers?: readonly string[];
  readonly accessKey?: AccessKeyPair;
  /** Approver → seed of their device. */
  readonly seeds?: Readonly<Record<string, string>>;
}

/**
 * The bot's IAM user: an access key pair and one virtual device per approver, named
 * `USER-APPROVER` (or a single device named like the user when no approvers are given). A caller
 * that recreates the account (the sandbox's reset) passes the key and the seeds it had before.
 */
export function addBotUserTo(state: EmulatorState, input: BotUserInput): BotUser {
  const userName = input.userName ?? 'mfa-reset-bot';
  const user = state.addUser({ userName });
  const key = state.addAccessKey(userName, input.accessKey);
  const owners = input.approvers?.length ? input.approvers : [undefined];
  const devices = owners.map((approver) => {
    const seed = approver === undefined ? undefined : input.seeds?.[approver];
    const name = approver === undefined ? userName : `${userName}-${approver}`;
    const device = state.addVirtualDevice({ userName, name, ...(seed !== undefined && { seed }) });
    return approver === undefined ? device : { ...device, approver };
  });
  return { userName, arn: user.arn, ...key, devices };
}
