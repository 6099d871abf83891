import type { AccessKeyPair } from './model.js';

/**
 * Points the AWS SDK (IAM, STS, CloudTrail and S3) at the emulator the way a deployment points it at AWS: through the SDK's
 * standard environment variables (endpoints, region, credential chain), nothing home-made.
 * Returns a function that puts the environment back as it was.
 */
const VARIABLES = [
  'AWS_ENDPOINT_URL_IAM',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_CLOUDTRAIL',
  'AWS_ENDPOINT_URL_S3',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
] as const;

export function useEmulatorEnvironment(input: {
  url: string;
  /** With a session token for temporary credentials (a role's, as an ECS task has them). */
  credentials: AccessKeyPair & { readonly sessionToken?: string };
  region?: string;
  env?: NodeJS.ProcessEnv;
}): () => void {
  const env = input.env ?? process.env;
  const saved = new Map(VARIABLES.map((name) => [name, env[name]]));
  for (const name of VARIABLES) delete env[name];
  env.AWS_ENDPOINT_URL_IAM = input.url;
  env.AWS_ENDPOINT_URL_STS = input.url;
  env.AWS_ENDPOINT_URL_CLOUDTRAIL = input.url;
  env.AWS_ENDPOINT_URL_S3 = input.url;
  env.AWS_REGION = input.region ?? 'us-east-1';
  env.AWS_ACCESS_KEY_ID = input.credentials.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = input.credentials.secretAccessKey;
  if (input.credentials.sessionToken !== undefined) env.AWS_SESSION_TOKEN = input.credentials.sessionToken;
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
  };
}
