import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoStore, GroupCommit, openAuditTable } from '../src/store/index.js';
import { type AuditView, createAuditView } from './audit-view.js';
import { addDemoDevices, castConfigYaml, castDirectory, seedCastAccount } from './cast.js';
import { BotLog, type DemoBot, startDemoBot } from './demo-bot.js';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';
import { type FakeSlack, startFakeSlack } from './fake-slack/index.js';
import { type BotUser, type IamStsEmulator, startIamStsEmulator } from './iam-sts-emulator/index.js';
import { isolateAwsEnvironment, type SandboxAwsEnvironment } from './isolation.js';
import { createSlackDriver, type SlackDriver } from './slack-driver/index.js';

/**
 * The whole product on one machine, on 127.0.0.1 only: DynamoDB Local, the IAM/STS emulator with
 * the demo account, the Slack stand-in with the demo workspace, and the bot, started by `startBot`
 * with the demo policy. The page (page-server/) is put on top of it by `npm run sandbox`.
 */
export interface SandboxOptions {
  /** Use this DynamoDB Local instead of starting one (the tests share theirs); it is not stopped. */
  readonly dynamoDbEndpoint?: string;
  /** A DynamoDB Local already starting (so it starts while this module loads); stopped with the rest. */
  readonly dynamoDb?: Promise<RunningDynamoDbLocal>;
  /** Default `mfa-reset-audit`, the bot's default. */
  readonly tableName?: string;
}

export interface Sandbox {
  readonly aws: IamStsEmulator;
  readonly slack: FakeSlack;
  /** The bot's IAM user: its key and one device per approver (the seeds the authenticator shows). */
  readonly botUser: BotUser;
  readonly audit: AuditView;
  readonly botLog: BotLog;
  readonly configFilePath: string;
  readonly dynamoDbEndpoint: string;
  /** How long this start-up waited for DynamoDB Local (0 when an endpoint was given). */
  readonly dynamoDbStartMs: number;
  /** Signed requests to the running bot, as Slack sends them. */
  driver(): SlackDriver;
  /** Everything back to the demo's start: account, workspace, audit table, a fresh bot. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const tableName = options.tableName ?? 'mfa-reset-audit';
  const workDir = await mkdtemp(join(tmpdir(), 'mfa-reset-sandbox-'));
  const cleanups: Array<() => Promise<void> | void> = [() => rm(workDir, { recursive: true, force: true })];
  // Every part is stopped even when one fails to stop, so no Java or port is left behind.
  const stopAll = async () => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse())
      await Promise.resolve()
        .then(cleanup)
        .catch((e) => failures.push(e));
    if (failures.length > 0) throw new AggregateError(failures, 'the sandbox did not stop cleanly');
  };
  try {
    // DynamoDB Local takes longest: start it first and set the rest up meanwhile.
    const dynamoStarted = performance.now();
    const dynamo: Promise<RunningDynamoDbLocal | undefined> =
      options.dynamoDbEndpoint !== undefined
        ? Promise.resolve(undefined)
        : (options.dynamoDb ?? startDynamoDbLocal({ loopbackOnly: true }));
    cleanups.push(async () => (await dynamo.catch(() => undefined))?.stop());
    const aws = await startIamStsEmulator();
    cleanups.push(() => aws.close());
    const botUser = seedCastAccount(aws.state);
    addDemoDevices(aws.state);
    createAnchorBucket(aws);
    const slack = await startFakeSlack({ directory: castDirectory() });
    cleanups.push(() => slack.close());
    const configFilePath = join(workDir, 'mfa-reset-bot.yml');
    await writeFile(
      configFilePath,
      castConfigYaml({ botUser, table: tableName, anchors: { bucket: ANCHOR_BUCKET } }),
    );
    const botLog = new BotLog(join(workDir, 'bot.log'));
    cleanups.push(() => botLog.close());

    const dynamoDbEndpoint = options.dynamoDbEndpoint ?? (await dynamo)!.endpoint;
    const dynamoDbStartMs = options.dynamoDbEndpoint === undefined ? performance.now() - dynamoStarted : 0;
    const environment: SandboxAwsEnvironment = {
      iamStsUrl: aws.url,
      dynamoDbUrl: dynamoDbEndpoint,
      credentials: botUser,
      region: REGION,
      scratchDir: workDir,
    };
    cleanups.push(isolateAwsEnvironment(environment));
    // The sandbox's own client, signed with the bot's key: DynamoDB Local keeps a database per key.
    const client = new DynamoDBClient({ endpoint: dynamoDbEndpoint, region: REGION, credentials: botUser });
    cleanups.push(() => client.destroy());
    const auditTable = openAuditTable({ tableName, client });
    const table = createDynamoStore({
      table: auditTable,
      chainWriter: new GroupCommit({ table: auditTable }),
    });
    await table.createTable();

    const signingSecret = randomBytes(24).toString('hex');
    const botOptions = { slack, signingSecret, configFilePath, region: REGION, log: botLog };
    let bot: DemoBot = await startDemoBot(botOptions);
    cleanups.push(() => bot.stop());
    let driver = createSlackDriver({ eventsUrl: bot.eventsUrl, signingSecret, slack });

    const reset = async () => {
      await bot.stop();
      slack.reset();
      aws.state.reset();
      seedCastAccount(aws.state, { bot: { accessKey: botUser, seeds: seedsOf(botUser) } });
      addDemoDevices(aws.state);
      // A new trail starts from event 1: the anchors of the old one go with it.
      aws.s3.reset();
      createAnchorBucket(aws);
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      await table.createTable();
      bot = await startDemoBot(botOptions);
      driver = createSlackDriver({ eventsUrl: bot.eventsUrl, signingSecret, slack });
    };

    return {
      aws,
      slack,
      botUser,
      audit: createAuditView({
        client,
        tableName,
        configFilePath,
        terminalEnv: terminalEnvironment(environment),
      }),
      botLog,
      configFilePath,
      dynamoDbEndpoint,
      dynamoDbStartMs,
      driver: () => driver,
      reset,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Approver Slack ID → seed of their device on the bot's user. */
function seedsOf(botUser: BotUser): Record<string, string> {
  return Object.fromEntries(botUser.devices.map((device) => [device.approver ?? '', device.seed]));
}

/** What `mfa-reset-bot audit …` in a terminal needs to read this sandbox's table. */
function terminalEnvironment(environment: SandboxAwsEnvironment): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: environment.dynamoDbUrl,
    AWS_ENDPOINT_URL_S3: environment.iamStsUrl,
    AWS_REGION: environment.region,
    AWS_ACCESS_KEY_ID: environment.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: environment.credentials.secretAccessKey,
  };
}

/** The bucket where the demo bot anchors its chain: Object Lock, compliance mode, as the stack makes it. */
const ANCHOR_BUCKET = 'mfa-reset-anchors';

function createAnchorBucket(aws: IamStsEmulator): void {
  aws.s3.create(ANCHOR_BUCKET, { objectLock: true });
  aws.s3.setDefaultRetention(ANCHOR_BUCKET, { mode: 'COMPLIANCE', days: 1 });
}
