import { afterEach, describe, expect, it } from 'vitest';
import { type IamStsEmulator, startIamStsEmulator } from '../../../sandbox/iam-sts-emulator/index.js';
import { createAwsAdapters } from '../../../src/aws/index.js';

/**
 * The bot promises endpoints through the SDK's standard variables only. This pins that the
 * SDK version in package-lock honours the per-service ones, each for its own service.
 */
describe('the pinned AWS SDK', () => {
  const variables = [
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_IAM',
    'AWS_ENDPOINT_URL_STS',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
  ] as const;
  const saved = new Map(variables.map((name) => [name, process.env[name]]));
  const emulators: IamStsEmulator[] = [];

  afterEach(async () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
  });

  it('sends IAM calls to AWS_ENDPOINT_URL_IAM and STS calls to AWS_ENDPOINT_URL_STS', async () => {
    const iamEndpoint = await startIamStsEmulator();
    const stsEndpoint = await startIamStsEmulator();
    emulators.push(iamEndpoint, stsEndpoint);
    // The same bot user, key and device seed in both, so either could answer either call.
    const bot = iamEndpoint.state.addBotUser();
    const device = bot.devices[0]!;
    stsEndpoint.state.addUser({ userName: bot.userName });
    stsEndpoint.state.addAccessKey(bot.userName, bot);
    stsEndpoint.state.addVirtualDevice({ userName: bot.userName, seed: device.seed });
    iamEndpoint.state.addUser({ userName: 'alice' });

    for (const name of variables) delete process.env[name];
    process.env.AWS_ENDPOINT_URL_IAM = iamEndpoint.url;
    process.env.AWS_ENDPOINT_URL_STS = stsEndpoint.url;
    process.env.AWS_ACCESS_KEY_ID = bot.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = bot.secretAccessKey;
    const aws = createAwsAdapters({ region: 'eu-west-1' });
    try {
      await aws.iam.getUser('alice');
      await aws.sts.getSessionToken({
        serial: device.serial,
        code: stsEndpoint.codeFor(device.seed),
        durationSeconds: 900,
      });
    } finally {
      aws.destroy();
    }

    expect(iamEndpoint.state.calls.map((call) => [call.service, call.action])).toEqual([['iam', 'GetUser']]);
    expect(stsEndpoint.state.calls.map((call) => [call.service, call.action])).toEqual([
      ['sts', 'GetSessionToken'],
    ]);
    expect(iamEndpoint.state.calls[0]?.accessKeyId).toBe(bot.accessKeyId);
  });
});
