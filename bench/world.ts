import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import pino from 'pino';
import { APPROVALS_CHANNEL, castConfigYaml, people, startCastAws, startCastSlack } from '../sandbox/cast.js';
import type { FakeSlack } from '../sandbox/fake-slack/index.js';
import {
  type BotUser,
  type IamStsEmulator,
  useEmulatorEnvironment,
} from '../sandbox/iam-sts-emulator/index.js';
import { createSlackDriver, type SlackDriver } from '../sandbox/slack-driver/index.js';
import { startBot } from '../src/bot.js';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/logging.js';
import { createDynamoStore, type DynamoStore, GroupCommit, openAuditTable } from '../src/store/index.js';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';

/**
 * The benchmark's own end-to-end world (test/integration/e2e/world.ts needs vitest's `inject`):
 * the same stand-ins from sandbox/ — DynamoDB Local, the IAM/STS emulator, the fake Slack API,
 * the signed request driver — and the bot built by `startBot` in this process, with a recording
 * proxy in front of each service the bot calls and one in front of the bot itself, so every wait
 * can be timed.
 */

export { APPROVALS_CHANNEL, people };
export const SIGNING_SECRET = 'bench-signing-secret';
/**
 * A DynamoDB client of the benchmark's own. DynamoDB Local keeps one database per access key and
 * region, so it signs with the bot user's key, as the bot does, to see the bot's tables.
 */
export function dynamoClientFor(endpoint: string, botUser: BotUser): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: botUser.accessKeyId, secretAccessKey: botUser.secretAccessKey },
  });
}

export interface BenchBot {
  readonly driver: SlackDriver;
  /** The proxy between the driver (Slack) and the bot: how long each request to the bot took. */
  readonly front: RecordingProxy;
  stop(): Promise<void>;
}

export interface BenchWorld {
  readonly aws: IamStsEmulator;
  readonly botUser: BotUser;
  readonly slack: FakeSlack;
  /** Recording proxies in front of the services the bot calls. */
  readonly iamSts: RecordingProxy;
  readonly dynamo: RecordingProxy;
  readonly slackApi: RecordingProxy;
  readonly tableName: string;
  /** The audit table, read and written directly (not through the proxies). */
  readonly store: DynamoStore;
  readonly directClient: DynamoDBClient;
  startBot(): Promise<BenchBot>;
  close(): Promise<void>;
}

export async function startBenchWorld(input: { dynamoEndpoint: string }): Promise<BenchWorld> {
  const { aws, botUser } = await startCastAws();
  const slack = await startCastSlack();
  const iamSts = await startRecordingProxy({ target: aws.url });
  const dynamo = await startRecordingProxy({ target: input.dynamoEndpoint });
  const slackApi = await startRecordingProxy({ target: slack.url });
  // The bot finds AWS through the SDK's standard variables, as deployed: here, the proxies.
  const restoreEnvironment = useEmulatorEnvironment({ url: iamSts.url, credentials: botUser });
  const previousDynamoEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;

  const tableName = `bench-${randomUUID()}`;
  const directClient = dynamoClientFor(input.dynamoEndpoint, botUser);
  const table = openAuditTable({ tableName, client: directClient });
  const store = createDynamoStore({ table, chainWriter: new GroupCommit({ table }) });
  await store.createTable();
  const bots = new Set<BenchBot>();

  async function startBenchBot(): Promise<BenchBot> {
    const config = loadConfig({
      env: {
        SLACK_BOT_TOKEN: slack.identity.botToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${slackApi.url}/api/`,
        AWS_REGION: 'us-east-1',
        MFA_RESET_CONFIG: 'bench.yml',
      },
      // Alice is reset a few dozen times in one table: lift the daily cap and the per-member
      // command limit that would refuse her.
      readFile: () =>
        castConfigYaml({ botUser, table: tableName, maxResetsPerTargetPerDay: 50, commandsPerMinute: 1_000 }),
    });
    // Logs at the production level, written to /dev/null as they would be written to stdout.
    const destination = pino.destination({ dest: '/dev/null', sync: false });
    const running = await startBot({
      config,
      logger: createLogger({ level: 'info', destination }),
      listen: { port: 0, host: '127.0.0.1' },
      expirySweepMs: 0,
    });
    const front = await startRecordingProxy({ target: `http://127.0.0.1:${running.port}` });
    const bot: BenchBot = {
      driver: createSlackDriver({
        eventsUrl: `${front.url}/slack/events`,
        signingSecret: SIGNING_SECRET,
        slack,
      }),
      front,
      stop: async () => {
        bots.delete(bot);
        await front.close();
        await running.stop();
        destination.end();
      },
    };
    bots.add(bot);
    return bot;
  }

  return {
    aws,
    botUser,
    slack,
    iamSts,
    dynamo,
    slackApi,
    tableName,
    store,
    directClient,
    startBot: startBenchBot,
    close: async () => {
      for (const bot of [...bots]) await bot.stop();
      await Promise.all([iamSts.close(), dynamo.close(), slackApi.close()]);
      await slack.close();
      directClient.destroy();
      restoreEnvironment();
      if (previousDynamoEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
      else process.env.AWS_ENDPOINT_URL_DYNAMODB = previousDynamoEndpoint;
      await aws.close();
    },
  };
}
