import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { readIamPolicyFile } from '../../../infra/lib/policies.js';
import {
  APPROVALS_CHANNEL,
  AUDITORS_GROUP,
  castConfigYaml,
  HELPDESK_GROUP,
  people,
  startCastAws,
  startCastSlack,
} from '../../../sandbox/cast.js';
import type { FakeSlack } from '../../../sandbox/fake-slack/index.js';
import {
  type BotUser,
  codeFor,
  type IamStsEmulator,
  type RecordedCall,
  useEmulatorEnvironment,
} from '../../../sandbox/iam-sts-emulator/index.js';
import {
  createSlackDriver,
  type SlackDriver,
  socketModeTransport,
  ticked,
  tickedAll,
  typed,
} from '../../../sandbox/slack-driver/index.js';
import { RISK_FACTS_APP_ID } from '../../../src/aws/risk-facts.js';
import { type RunningBot, startBot } from '../../../src/bot.js';
import { type Config, loadConfig } from '../../../src/config/load.js';
import type { AuditEvent } from '../../../src/domain/audit.js';
import type { ResetRequest } from '../../../src/domain/request.js';
import { createLogger } from '../../../src/logging.js';
import { ActionId, BlockId, CallbackId } from '../../../src/slack/ids.js';
import {
  createDynamoStore,
  type DynamoStore,
  GroupCommit,
  openAuditTable,
} from '../../../src/store/index.js';
import { attemptsKey } from '../../../src/store/table-layout.js';
import { createAnchorBucket } from '../../harness/anchor-bucket.js';
import { type FaultyHttpProxy, startFaultyHttpProxy } from '../../harness/faulty-http-proxy.js';

export { APPROVALS_CHANNEL, AUDITORS_GROUP, HELPDESK_GROUP, people };

const SIGNING_SECRET = 'e2e-signing-secret';

export interface WorldOptions {
  readonly deactivateRequiresMfa?: boolean;
  readonly minApprovals?: number;
  readonly maxTokenAttempts?: number;
  readonly maxResetsPerTargetPerDay?: number;
  readonly lockout?: { readonly maxFailures: number; readonly windowMinutes: number };
  /** `audit.cloudtrailCheckMinutes`: the bot then checks CloudTrail on that schedule. */
  readonly cloudtrailCheckMinutes?: number;
  /** The chain watcher's timer (0, the default here: checks run only when a test asks). */
  readonly chainWatchMs?: number;
  /** The scopes the bot token was granted (default: the manifest's). */
  readonly slackScopes?: readonly string[];
  /** The bot's log level (default debug). */
  readonly logLevel?: string;
  /** How long a reset's outcome keeps trying to be written (default here 1 s: dead-store tests wait less). */
  readonly outcomeRetryMs?: number;
  /** `requests.remindAfterMinutes` (default 30; the sweep runs only when a test asks). */
  readonly remindAfterMinutes?: number;
  /** `requests.commandsPerMinute` (the bot's default when undefined). */
  readonly commandsPerMinute?: number;
  /** Keeps the AWS calls the bot made as it started (by default they are cleared once done). */
  readonly keepStartupCalls?: boolean;
  /** Changes the AWS account after the configuration was written and before the bot starts. */
  readonly beforeStart?: (aws: IamStsEmulator, botUser: BotUser) => void;
  /** Runs the bot in Socket Mode (SLACK_APP_TOKEN), driven over the fake's WebSocket instead of HTTP. */
  readonly socketMode?: boolean;
  /** `audit.anchors`: the bucket is created in the emulator's S3 with Object Lock (compliance) first. */
  readonly anchors?: { readonly bucket: string; readonly prefix?: string };
  /**
   * Runs the bot as a runtime identity of its own (an IAM user `mfa-reset-runtime`, as the SDK's
   * chain finds it), with the bot's IAM user's key given apart as the step-up key (STEP_UP_AWS_*).
   */
  readonly runtimeIdentity?: boolean;
  /**
   * Runs the bot as the stack's runtime role (`mfa-reset-bot-runtime` with iam/runtime-policy.json,
   * a role session as an ECS task has it), with the bot's IAM user's key apart as the step-up key.
   */
  readonly runtimeRole?: boolean;
  /** `rules:` as YAML (see castConfigYaml). */
  readonly rulesYaml?: string;
  /** More static mapping entries (see castConfigYaml). */
  readonly staticMapping?: Readonly<Record<string, string>>;
  /** `accounts:` as YAML (see castConfigYaml). */
  readonly accountsYaml?: string;
}

export interface World {
  readonly aws: IamStsEmulator;
  readonly botUser: BotUser;
  readonly slack: FakeSlack;
  readonly driver: SlackDriver;
  readonly dynamo: FaultyHttpProxy;
  /** Reads the bot's table directly (not through the proxy). */
  readonly store: DynamoStore;
  /** DynamoDB Local itself, for edits no bot would make (tampering). */
  readonly directClient: DynamoDBClient;
  readonly table: string;
  readonly config: Config;
  readonly bot: RunningBot;
  /** Another bot process's worth of bot on the same table, Slack and AWS: a second replica. */
  startReplica(): Promise<RunningBot>;
  /** Every log line the bot wrote, as JSON text. */
  readonly logs: string[];
  /** Moves the bot's clock (every replica's) forward; AWS and Slack keep real time. */
  advanceClock(ms: number): void;
  /** A valid code of the approver's own bot MFA device (`offset` steps from now). */
  codeOf(approverSlackId: string, offset?: number): string;
  /** A six-digit code no device of the bot shows now; a different one for each `n`. */
  wrongCode(n?: number): string;
  auditOf(requestId: string): Promise<AuditEvent[]>;
  requestById(id: string): Promise<ResetRequest | undefined>;
  /** The request's code attempts as the store counts them: taken (wrong + in flight) and wrong. */
  attemptsOf(requestId: string): Promise<{ reserved: number; wrong: number }>;
  /** An item of the bot's table, read directly. */
  readItem(key: { PK: string; SK: string }): Promise<Record<string, unknown> | undefined>;
  /** Sets attributes of an item directly in DynamoDB, as someone holding the bot's key could. */
  editItem(key: { PK: string; SK: string }, attributes: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole bot, as `npm start` builds it, against real components: DynamoDB Local (through a proxy
 * that can fail on demand), the IAM/STS emulator over the SDK's standard endpoint variables, and
 * the fake Slack API; driven by signed requests to its HTTP endpoint.
 */
/** The IAM user a world with `runtimeIdentity` runs the bot as. */
export const RUNTIME_USER = 'mfa-reset-runtime';

/** The runtime identity's user in the emulated account, and its access key. */
function runtimeIdentityIn(aws: IamStsEmulator) {
  aws.state.addUser({ userName: RUNTIME_USER });
  return aws.state.addAccessKey(RUNTIME_USER);
}

/** The stack's runtime role in the emulated account, as the ECS task assumes it, and a session of it. */
export const RUNTIME_ROLE = 'mfa-reset-bot-runtime';

function runtimeRoleIn(aws: IamStsEmulator) {
  aws.state.roles.add({
    roleName: RUNTIME_ROLE,
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    },
    policies: { 'runtime-policy': readIamPolicyFile('runtime-policy') },
  });
  return aws.state.roles.issueSession(RUNTIME_ROLE, { sessionName: 'ecs-task' });
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const { aws, botUser } = await startCastAws(options);
  const runtime =
    options.runtimeRole === true
      ? runtimeRoleIn(aws)
      : options.runtimeIdentity === true
        ? runtimeIdentityIn(aws)
        : undefined;
  const restoreEnvironment = useEmulatorEnvironment({ url: aws.url, credentials: runtime ?? botUser });
  if (options.anchors !== undefined) {
    await createAnchorBucket({ url: aws.url, credentials: botUser, bucket: options.anchors.bucket });
  }

  const dynamoEndpoint = inject('dynamoDbEndpoint');
  const dynamo = await startFaultyHttpProxy(dynamoEndpoint);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
  const table = `e2e-${randomUUID()}`;
  const directClient = new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'us-east-1' });
  const auditTable = openAuditTable({ tableName: table, client: directClient });
  const store = createDynamoStore({ table: auditTable, chainWriter: new GroupCommit({ table: auditTable }) });
  await store.createTable();

  const slack = await startCastSlack(
    options.slackScopes === undefined ? {} : { scopes: options.slackScopes },
  );

  const config = loadConfig({
    env: {
      SLACK_BOT_TOKEN: slack.identity.botToken,
      ...(options.socketMode === true
        ? { SLACK_APP_TOKEN: slack.identity.appToken, HEALTH_FILE: join(tmpdir(), `${table}-health.json`) }
        : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
      SLACK_API_URL: slack.apiUrl,
      AWS_REGION: 'us-east-1',
      MFA_RESET_CONFIG: 'e2e.yml',
      ...(runtime === undefined
        ? {}
        : {
            STEP_UP_AWS_ACCESS_KEY_ID: botUser.accessKeyId,
            STEP_UP_AWS_SECRET_ACCESS_KEY: botUser.secretAccessKey,
          }),
    },
    readFile: () => castConfigYaml({ ...options, botUser, table }),
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: options.logLevel ?? 'debug', destination });
  options.beforeStart?.(aws, botUser);
  const replicas: RunningBot[] = [];
  let clockOffsetMs = 0;
  const clock = { now: () => new Date(Date.now() + clockOffsetMs) };
  const start = () =>
    startBot({
      config,
      logger,
      clock,
      listen: { port: 0, host: '127.0.0.1' },
      expirySweepMs: 0,
      chainWatchMs: options.chainWatchMs ?? 0,
      outcomeRetryMs: options.outcomeRetryMs ?? 1_000,
    });
  const bot = await start();
  // The start-up check of the approvers' devices (one ListMFADevices, in the background) is not
  // what tests count: wait for its answer, then forget it.
  await eventually(async () =>
    aws.state.callsTo('ListMFADevices').some((call) => call.status !== 'pending') ? true : undefined,
  );
  // So is the member accounts' reach (one AssumeRole and one ListUsers per account): wait for its lines.
  const memberAccounts = config.configFile.accounts?.length ?? 0;
  await eventually(async () =>
    logs.filter((line) => line.includes('"msg":"member account ')).length >= memberAccounts
      ? true
      : undefined,
  );
  if (options.keepStartupCalls !== true) aws.state.clearCalls();
  const driver = createSlackDriver({
    eventsUrl: `http://127.0.0.1:${bot.port}/slack/events`,
    signingSecret: SIGNING_SECRET,
    slack,
    ...(options.socketMode === true ? { transport: socketModeTransport(slack) } : {}),
  });

  const documents = DynamoDBDocumentClient.from(directClient);
  const readItem = async (key: { PK: string; SK: string }) =>
    (await documents.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

  const seedOf = (approver: string) => botUser.devices[approver === people.frank.slackId ? 1 : 0]!.seed;

  return {
    aws,
    botUser,
    slack,
    driver,
    dynamo,
    store,
    directClient,
    table,
    config,
    bot,
    startReplica: async () => {
      const replica = await start();
      replicas.push(replica);
      return replica;
    },
    logs,
    advanceClock: (ms) => {
      clockOffsetMs += ms;
    },
    codeOf: (approver, offset = 0) => codeFor(seedOf(approver), offset),
    wrongCode: (n = 0) => {
      const valid = new Set(
        botUser.devices.flatMap((device) => [-1, 0, 1].map((offset) => codeFor(device.seed, offset))),
      );
      let found = -1;
      for (let i = 0; ; i += 1) {
        const candidate = String((123_457 + i * 7_919) % 1_000_000).padStart(6, '0');
        if (!valid.has(candidate)) found += 1;
        if (found === n) return candidate;
      }
    },
    auditOf: async (requestId) => {
      const events: AuditEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.queryAudit({ by: 'request', requestId, ...(cursor ? { cursor } : {}) });
        events.push(...page.events);
        cursor = page.cursor;
      } while (cursor !== undefined);
      return events;
    },
    requestById: (id) => store.getRequest(id),
    attemptsOf: async (requestId) => {
      const item = await readItem(attemptsKey(requestId));
      return { reserved: Number(item?.reserved ?? 0), wrong: Number(item?.wrong ?? 0) };
    },
    readItem,
    editItem: async (key, attributes) => {
      const names = Object.keys(attributes);
      await documents.send(
        new UpdateCommand({
          TableName: table,
          Key: key,
          UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:v${i}`, attributes[name]])),
          ConditionExpression: 'attribute_exists(PK)',
        }),
      );
    },
    close: async () => {
      for (const replica of replicas) await replica.stop();
      await bot.stop();
      await slack.close();
      await dynamo.close();
      directClient.destroy();
      delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
      restoreEnvironment();
      await aws.close();
    },
  };
}

/**
 * Whether an emulator call is one of the reads behind the approvers' risk facts, made at submission
 * by their own client (its User-Agent says so): counted apart from a reset's own AWS calls.
 */
export function isRiskFactsRead(call: RecordedCall): boolean {
  return call.userAgent?.includes(`app/${RISK_FACTS_APP_ID}`) ?? false;
}

/**
 * Waits until `probe` gives a value other than undefined or false (polling, for what the bot still
 * does after it answered Slack: work past the 3 s ack finishes in the background).
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false>,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'a condition'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs `/mfa-reset` as `userId` (`/mfa-reset <@forMember>` for a help-desk request) and returns the
 * request modal once the devices are filled in.
 */
export async function openRequestForm(world: World, userId: string, options: { forMember?: string } = {}) {
  const sent = await world.driver.slashCommand({
    userId,
    channelId: APPROVALS_CHANNEL,
    ...(options.forMember === undefined ? {} : { text: `<@${options.forMember}>` }),
  });
  // This command's modal, by its trigger: another member's modal may be updated meanwhile.
  const viewId = await world.slack.waitFor(
    () => {
      const opened = world.slack
        .calls('views.open', { since: sent.callMark })
        .find((call) => call.args.trigger_id === sent.sent.trigger_id && call.response.ok);
      return opened === undefined ? undefined : String((opened.response.view as { id: string }).id);
    },
    { timeoutMs: 5_000, description: `the modal of ${userId}'s /mfa-reset` },
  );
  await world.slack.waitFor(
    () =>
      world.slack
        .calls('views.update', { since: sent.callMark })
        .find((call) => call.args.view_id === viewId),
    { timeoutMs: 5_000, description: `the content of ${userId}'s modal` },
  );
  return { viewId, view: world.slack.viewById(viewId)!.view, sent };
}

/**
 * The requester's whole part: `/mfa-reset`, tick `serials` (default: every device the form offers),
 * give a reason, submit; returns the stored request once the approval message is posted.
 */
export async function requestReset(
  world: World,
  input: { userId: string; forMember?: string; serials?: readonly string[]; reason?: string },
): Promise<{ request: ResetRequest; messageTs: string }> {
  const form = await openRequestForm(
    world,
    input.userId,
    input.forMember === undefined ? {} : { forMember: input.forMember },
  );
  if (form.view.callback_id !== CallbackId.requestModal) {
    throw new Error(`expected the request form, got ${form.view.callback_id}`);
  }
  const mark = world.slack.callCount();
  const submitted = await world.driver.viewSubmission({
    viewId: form.viewId,
    inputs: {
      [BlockId.devices]: {
        [ActionId.devices]:
          input.serials === undefined ? tickedAll(form.view, BlockId.devices) : ticked(...input.serials),
      },
      [BlockId.reason]: { [ActionId.reason]: typed(input.reason ?? 'Lost my phone on the train') },
    },
  });
  if (!submitted.outcome.accepted)
    throw new Error(`submission refused: ${submitted.outcome.problems.join('; ')}`);
  const posted = await world.slack.waitForCall('chat.postMessage', {
    since: mark,
    where: (call) => call.args.channel === APPROVALS_CHANNEL,
    timeoutMs: 5_000,
  });
  const messageTs = String(posted.response.ts);
  const blocks = JSON.stringify(posted.args.blocks);
  const requestId = /"value":"([^"]+)"/.exec(blocks)?.[1];
  if (requestId === undefined) throw new Error('the approval message carries no request id');
  const stored = await world.requestById(requestId);
  if (stored === undefined) throw new Error(`request ${requestId} not in the store`);
  return { request: stored, messageTs };
}

/** An approver clicks Approve (or Deny) on the approval message; returns the modal that opened. */
export async function clickDecision(
  world: World,
  input: { userId: string; messageTs: string; action: 'approve' | 'deny' },
) {
  const sent = await world.driver.blockAction({
    userId: input.userId,
    actionId: input.action === 'approve' ? ActionId.approve : ActionId.deny,
    message: { channel: APPROVALS_CHANNEL, ts: input.messageTs },
  });
  return { sent };
}

/**
 * The modal the member has open now (the latest one opened for them), once it shows more than the
 * loading view it opens with (the bot fills it in with views.update).
 */
export function openModalOf(world: World, userId: string) {
  const opened = world.slack
    .calls('views.open')
    .filter((call) => call.response.ok && (call.response.view as { id: string } | undefined) !== undefined)
    .map((call) => world.slack.viewById(String((call.response.view as { id: string }).id))!)
    .filter((view) => view.userId === userId && view.isOpen);
  const latest = opened.at(-1);
  return latest?.view.callback_id === CallbackId.loadingModal ? undefined : latest;
}

/**
 * The first modal opened (or, with `views.push`, pushed) since `mark` (`slack.callCount()` before
 * the click), once the bot has put its content in place of the loading view it opens with.
 */
export async function filledModalSince(
  world: World,
  mark: number,
  method: 'views.open' | 'views.push' = 'views.open',
) {
  const opened = await world.slack.waitForCall(method, { since: mark, timeoutMs: 5_000 });
  const viewId = String((opened.response.view as { id: string }).id);
  return world.slack.waitFor(
    () => {
      const view = world.slack.viewById(viewId);
      return view !== undefined && view.view.callback_id !== CallbackId.loadingModal ? view : undefined;
    },
    { timeoutMs: 5_000, description: `modal ${viewId} filled in` },
  );
}

/** Approves through the modal with `code`; returns the submission's response and outcome. */
export async function submitCode(world: World, input: { userId: string; viewId: string; code: string }) {
  return world.driver.viewSubmission({
    viewId: input.viewId,
    userId: input.userId,
    inputs: { [BlockId.tokenCode]: { [ActionId.tokenCode]: typed(input.code) } },
  });
}

/** Clicks Approve as `approver`, waits for the approval modal and submits `code` in it. */
export async function approveWithCode(
  world: World,
  input: { approver: string; messageTs: string; code: string },
) {
  const before = openModalOf(world, input.approver)?.id;
  await clickDecision(world, { userId: input.approver, messageTs: input.messageTs, action: 'approve' });
  const modal = await world.slack.waitFor(() => {
    const open = openModalOf(world, input.approver);
    return open !== undefined && open.id !== before ? open : undefined;
  });
  const answer = await submitCode(world, { userId: input.approver, viewId: modal.id, code: input.code });
  return { answer, modal: world.slack.viewById(modal.id)! };
}

/** Everything a view or message shows, as one string to search. */
export function shown(thing: { blocks?: unknown; text?: unknown } | undefined): string {
  return thing === undefined ? '' : JSON.stringify([thing.text ?? '', thing.blocks ?? []]);
}

/** The event types of a request's audit trail, oldest first. */
export async function eventTypes(world: World, requestId: string): Promise<string[]> {
  return (await world.auditOf(requestId)).map((event) => event.type);
}

/** The audit events whose actor is `slackUserId`, oldest first (refusals carry no request id). */
export async function auditByActor(world: World, slackUserId: string) {
  return (await world.store.queryAudit({ by: 'actor', slackUserId })).events;
}

/** The ephemeral replies `userId` has had, newest last, as searchable text. */
export function ephemeralTextTo(world: World, userId: string): string {
  return world.slack.ephemeralsTo(userId).map(shown).join('\n');
}

/**
 * The opening of many tests: Alice's IAM user gets one virtual device (`phone`), and she asks for
 * its reset; returns the device, the stored request and its approval message.
 */
export async function pendingResetOfAlice(world: World) {
  const phone = world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
  const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
  return { phone, request, messageTs };
}

/** Claims of an alarm put in advance, as whoever holds the bot's table rights could: to silence it. */
export async function claimAlarmInAdvance(world: World, key: string) {
  await world.directClient.send(
    new PutItemCommand({
      TableName: world.table,
      Item: {
        PK: { S: `ALARM#${key}` },
        SK: { S: 'ALARM' },
        entity: { S: 'alarm' },
        alarm: { S: key },
        at: { S: new Date().toISOString() },
        deliveredAt: { S: new Date().toISOString() },
        until: { S: '2099-01-01T00:00:00.000Z' },
        proof: { S: '0'.repeat(64) },
      },
    }),
  );
}
