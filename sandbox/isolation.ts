import { join } from 'node:path';
import type { AccessKeyPair } from './iam-sts-emulator/index.js';

/**
 * The sandbox runs the bot exactly as production composes it, and production finds AWS through
 * the SDK's standard environment (credential chain, `AWS_ENDPOINT_URL_*`). So the sandbox takes
 * the whole `AWS_*` environment over for as long as it runs: every variable the person running it
 * had (a profile, keys, a session, a role, endpoints) is set aside, and only these remain:
 *
 * - the endpoints of IAM, STS, CloudTrail and DynamoDB: the emulator and DynamoDB Local on 127.0.0.1;
 * - `AWS_ENDPOINT_URL` (every other service) pointed at the emulator too, so that a client for a
 *   service the sandbox does not emulate fails on this machine instead of reaching AWS;
 * - the bot user's key from the emulator, and a region;
 * - shared config and credentials files that do not exist, so `~/.aws` is never read, and the
 *   instance metadata service turned off.
 *
 * Slack needs nothing here: the bot's Slack settings are given to it explicitly (`SLACK_API_URL`
 * pointing at the Slack stand-in), never read from this process's environment.
 */
export interface SandboxAwsEnvironment {
  readonly iamStsUrl: string;
  readonly dynamoDbUrl: string;
  readonly credentials: AccessKeyPair;
  readonly region: string;
  /** A folder of the sandbox's own, where the (absent) shared AWS files are said to be. */
  readonly scratchDir: string;
}

export function sandboxAwsVariables(input: SandboxAwsEnvironment): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_IAM: input.iamStsUrl,
    AWS_ENDPOINT_URL_STS: input.iamStsUrl,
    AWS_ENDPOINT_URL_CLOUDTRAIL: input.iamStsUrl,
    AWS_ENDPOINT_URL_S3: input.iamStsUrl,
    AWS_ENDPOINT_URL_DYNAMODB: input.dynamoDbUrl,
    AWS_ENDPOINT_URL: input.iamStsUrl,
    AWS_REGION: input.region,
    AWS_ACCESS_KEY_ID: input.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: input.credentials.secretAccessKey,
    AWS_CONFIG_FILE: join(input.scratchDir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(input.scratchDir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * Replaces every `AWS_*` variable of `env` (default: this process's) with the sandbox's own.
 * Returns the function that puts the environment back as it was.
 */
export function isolateAwsEnvironment(
  input: SandboxAwsEnvironment,
  env: NodeJS.ProcessEnv = process.env,
): () => void {
  const saved = Object.entries(env).filter(([name]) => name.startsWith('AWS_'));
  for (const [name] of saved) delete env[name];
  const own = sandboxAwsVariables(input);
  Object.assign(env, own);
  return () => {
    for (const name of Object.keys(own)) delete env[name];
    for (const [name, value] of saved) env[name] = value;
  };
}
