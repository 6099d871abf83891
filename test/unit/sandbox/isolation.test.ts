import { describe, expect, it } from 'vitest';
import { isolateAwsEnvironment } from '../../../sandbox/isolation.js';

const sandbox = {
  iamStsUrl: 'http://127.0.0.1:4001',
  dynamoDbUrl: 'http://127.0.0.1:4002',
  credentials: { accessKeyId: 'AKIAEMULATED', secretAccessKey: 'emulated-secret' },
  region: 'us-east-1',
  scratchDir: '/tmp/sandbox-scratch',
};

describe('isolateAwsEnvironment', () => {
  it('sets every AWS variable of the caller aside and points the SDK at the sandbox only', () => {
    const env: NodeJS.ProcessEnv = {
      PATH: '/usr/bin',
      AWS_PROFILE: 'production',
      AWS_ACCESS_KEY_ID: 'AKIAREAL',
      AWS_SESSION_TOKEN: 'real-session',
      AWS_ROLE_ARN: 'arn:aws:iam::111111111111:role/admin',
      AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token',
      AWS_ENDPOINT_URL_IAM: 'https://iam.amazonaws.com',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.2/creds',
    };

    isolateAwsEnvironment(sandbox, env);

    expect(env).toEqual({
      PATH: '/usr/bin',
      AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:4001',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4001',
      AWS_ENDPOINT_URL_CLOUDTRAIL: 'http://127.0.0.1:4001',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4001',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4002',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4001',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAEMULATED',
      AWS_SECRET_ACCESS_KEY: 'emulated-secret',
      AWS_CONFIG_FILE: '/tmp/sandbox-scratch/no-aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/tmp/sandbox-scratch/no-aws-credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
  });

  it('puts the caller’s environment back as it was', () => {
    const env: NodeJS.ProcessEnv = { HOME: '/home/me', AWS_PROFILE: 'production', AWS_REGION: 'eu-west-1' };
    const before = { ...env };

    const restore = isolateAwsEnvironment(sandbox, env);
    restore();

    expect(env).toEqual(before);
  });
});
