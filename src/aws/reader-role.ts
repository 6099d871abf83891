import { STSClient } from '@aws-sdk/client-sts';
import type { MemberAccount } from '../domain/accounts.js';
import { type AwsAdapterOptions, clientConfig } from './options.js';
import { assumeRole } from './sts.js';

/** What CloudTrail in a member account names the bot's reads by. */
export const READER_SESSION_NAME = 'mfa-reset-bot-reader';

/** The credentials provider the SDK clients of a member account read with (IAM and CloudTrail alike). */
export type ReaderCredentials = ReturnType<typeof readerCredentials>;

/**
 * The runtime identity's STS client, for assuming the reader roles: they trust the runtime role,
 * never the step-up key, so the key is dropped here whatever the options carry.
 */
export function createReaderSts(options: AwsAdapterOptions): {
  readonly sts: STSClient;
  readonly runtime: Omit<AwsAdapterOptions, 'stepUpKey'>;
} {
  const { stepUpKey: _notForReads, ...runtime } = options;
  return { sts: new STSClient(clientConfig(runtime, 'sts')), runtime };
}

/**
 * The reader role's credentials, for the SDK to call when it needs them: it keeps them and asks
 * again before they expire. A refusal is MEMBER_ROLE_REFUSED, naming the role.
 */
export function readerCredentials(sts: STSClient, account: MemberAccount) {
  return () => assumeRole(sts, { account, roleArn: account.readRoleArn, sessionName: READER_SESSION_NAME });
}
