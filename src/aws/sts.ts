import { AssumeRoleCommand, type Credentials, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import type { MemberAccount } from '../domain/accounts.js';
import type { Sts, TemporaryCredentials } from '../services/ports.js';
import { translateAwsError } from './errors.js';
import { type AwsAdapterOptions, clientConfig } from './options.js';
import { requireField } from './required-field.js';

/**
 * The `Sts` port over the AWS SDK. SDK retries are off (`awsCallLimits.sts`): a TOTP code is
 * single-use, so a retried GetSessionToken whose first attempt reached AWS would be refused and
 * blamed on the approver. For the same reason it never reuses a connection that sat idle
 * (`reuseConnections` in aws-limits.ts): one the network had forgotten would fail the approval.
 */
export interface StsAdapter extends Sts {
  destroy(): void;
}

/** The shortest session AWS grants: a reset takes seconds. */
export const ROLE_SESSION_SECONDS = 900;

/** STS's credentials, each field required: an answer without one is AWS's fault, not ours. */
export function temporaryCredentials(
  credentials: Credentials | undefined,
  operation: string,
): TemporaryCredentials {
  const field = <T>(value: T | undefined, name: string) =>
    requireField(value, `Credentials.${name}`, operation);
  return {
    accessKeyId: field(credentials?.AccessKeyId, 'AccessKeyId'),
    secretAccessKey: field(credentials?.SecretAccessKey, 'SecretAccessKey'),
    sessionToken: field(credentials?.SessionToken, 'SessionToken'),
    expiration: field(credentials?.Expiration, 'Expiration'),
  };
}

/**
 * AssumeRole into a member account's role with whatever identity `client` signs with, for the
 * shortest session, with the account's external ID. A refusal is MEMBER_ROLE_REFUSED, naming the role.
 */
export async function assumeRole(
  client: STSClient,
  input: { readonly account: MemberAccount; readonly roleArn: string; readonly sessionName: string },
): Promise<TemporaryCredentials> {
  const { account, roleArn, sessionName } = input;
  const operation = 'sts:AssumeRole';
  try {
    const { Credentials: credentials } = await client.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        ExternalId: account.externalId,
        DurationSeconds: ROLE_SESSION_SECONDS,
      }),
    );
    return temporaryCredentials(credentials, operation);
  } catch (error) {
    throw translateAwsError(error, { operation, details: { accountId: account.id, roleArn, sessionName } });
  }
}

export function createSts(options: AwsAdapterOptions): StsAdapter {
  const config = clientConfig(options, 'sts');
  const client = new STSClient(config);

  return {
    async getSessionToken(input): Promise<TemporaryCredentials> {
      const context = { operation: 'sts:GetSessionToken', details: { serial: input.serial } };
      try {
        const { Credentials: credentials } = await client.send(
          new GetSessionTokenCommand({
            SerialNumber: input.serial,
            TokenCode: input.code,
            DurationSeconds: input.durationSeconds,
          }),
        );
        return temporaryCredentials(credentials, context.operation);
      } catch (error) {
        throw translateAwsError(error, context);
      }
    },

    async assumeResetRole({ session, account, sessionName }): Promise<TemporaryCredentials> {
      // Signed with the MFA session, over the step-up client's connections (they carry no identity).
      const { accessKeyId, secretAccessKey, sessionToken, expiration } = session;
      const sessionClient = new STSClient({
        ...config,
        requestHandler: client.config.requestHandler,
        credentials: { accessKeyId, secretAccessKey, sessionToken, expiration },
      });
      return assumeRole(sessionClient, { account, roleArn: account.resetRoleArn, sessionName });
    },

    destroy(): void {
      client.destroy();
    },
  };
}
