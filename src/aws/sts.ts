import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
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

export function createSts(options: AwsAdapterOptions): StsAdapter {
  const client = new STSClient(clientConfig(options, 'sts'));

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
        const field = <T>(value: T | undefined, name: string) =>
          requireField(value, `Credentials.${name}`, context.operation);
        return {
          accessKeyId: field(credentials?.AccessKeyId, 'AccessKeyId'),
          secretAccessKey: field(credentials?.SecretAccessKey, 'SecretAccessKey'),
          sessionToken: field(credentials?.SessionToken, 'SessionToken'),
          expiration: field(credentials?.Expiration, 'Expiration'),
        };
      } catch (error) {
        throw translateAwsError(error, context);
      }
    },

    destroy(): void {
      client.destroy();
    },
  };
}
