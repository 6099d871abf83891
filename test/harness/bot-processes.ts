import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  APPROVALS_CHANNEL,
  type CastConfigOptions,
  castConfigYaml,
  startCastAws,
  startCastSlack,
} from '../../sandbox/cast.js';
import type { FakeSlack } from '../../sandbox/fake-slack/index.js';
import type { BotUser, IamStsEmulator } from '../../sandbox/iam-sts-emulator/index.js';
import {
  createSlackDriver,
  type SlackDriver,
  typed,
  type ViewSubmissionResponse,
} from '../../sandbox/slack-driver/index.js';
import type { ResetRequest } from '../../src/domain/request.js';
import { ActionId, BlockId, CallbackId } from '../../src/slack/ids.js';
import { createDynamoStore, type DynamoStore, GroupCommit, openAuditTable } from '../../src/store/index.js';
import { type AppProcess, spawnApp } from './app-processes.js';
import { BOT_ENTRY_POINT, ensureBuilt } from './built-entry-point.js';
import { addCrowdToAws, addCrowdToSlack, type Crowd, type CrowdDevice, withCrowdApprovers } from './crowd.js';
import { ownThreadReceiver } from './own-thread-receiver.js';
import { ownThreadTransport } from './own-thread-transport.js';

/**
 * Real bot processes: `node dist/main.js`, as `npm start` runs it, several at once on one DynamoDB
 * Local table, with the IAM/STS emulator and the fake Slack of the cast (in this process) and a
 * signed-request driver per process, whose requests leave from a thread of their own (as Slack's
 * would, they are not held up by this process's event loop); their Web API calls arrive through a
 * thread of their own too, which notes when each arrived (a trigger_id's 3 s end there). For what only real processes show: replicas that share
 * nothing but the table, a SIGKILL in the middle of a reset, a burst across replicas.
 *
 *   const fleet = await startBotFleet({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
 *   const [a, b] = [await fleet.start(), await fleet.start()];
 *   await a.driver.slashCommand(...);   // then fleet.slack / fleet.aws / fleet.store to look
 *   await a.kill();                      // SIGKILL; fleet.start() brings up another
 *   await fleet.close();                 // stops every process, nothing left behind
 */

export const FLEET_SIGNING_SECRET = 'bot-processes-signing-secret';

export interface BotFleetOptions {
  /** DynamoDB Local's endpoint (`inject('dynamoDbEndpoint')` in a test). */
  readonly dynamoDbEndpoint: string;
  /** The cast's config file options (see `castConfigYaml`); the table and bot user are the fleet's. */
  readonly policy?: Omit<CastConfigOptions, 'botUser' | 'table'>;
  /** Extra members and approvers for bursts (see `crowdOf`). */
  readonly crowd?: Crowd;
  readonly deactivateRequiresMfa?: boolean;
  /** The processes' LOG_LEVEL: info (the default) or debug; the start line the harness waits for is an info line. */
  readonly logLevel?: string;
  /** More environment for every process (after the fleet's own). */
  readonly env?: Readonly<Record<string, string>>;
}

/** One running bot process and a driver that sends it signed Slack requests. */
export interface BotProcess {
  readonly pid: number;
  readonly port: number;
  readonly driver: SlackDriver;
  /** The JSON log lines it wrote to stdout so far, parsed, oldest first. */
  logs(): ReadonlyArray<Record<string, unknown>>;
  /** Its raw output's tail (stdout and stderr), for failure messages. */
  output(): string;
  exited(): boolean;
  /** SIGTERM (a graceful stop, SIGKILL after 5 s); resolves once it has exited. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, no chance to clean up; resolves once it has exited. */
  kill(): Promise<void>;
  /** CPU time used so far, in ms. */
  cpuMs(): number;
}

export interface BotFleet {
  readonly aws: IamStsEmulator;
  readonly botUser: BotUser;
  /** The crowd's approvers' devices on the bot's user (empty without a crowd). */
  readonly crowdDevices: readonly CrowdDevice[];
  readonly slack: FakeSlack;
  readonly table: string;
  /** The fleet's table, read directly (not through any bot). */
  readonly store: DynamoStore;
  /** Every process started so far, in start order (exited ones included). */
  readonly processes: readonly BotProcess[];
  /** Starts one more bot process on the same table, Slack and AWS; resolves once it listens. */
  start(): Promise<BotProcess>;
  /** Stops every process still running, then the emulator and the fake Slack. */
  close(): Promise<void>;
}

function parsedLines(app: AppProcess): Array<Record<string, unknown>> {
  const parsed: Array<Record<string, unknown>> = [];
  for (const line of app.stdoutLines()) {
    try {
      parsed.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // Not a log line (nothing else should print to stdout, but a stray line is no reason to fail).
    }
  }
  return parsed;
}

/** Starts the world the processes share (nothing runs yet: `start()` each process). */
export async function startBotFleet(options: BotFleetOptions): Promise<BotFleet> {
  await ensureBuilt();
  const { aws, botUser } = await startCastAws({
    deactivateRequiresMfa: options.deactivateRequiresMfa ?? true,
  });
  const crowdDevices = options.crowd === undefined ? [] : addCrowdToAws(aws.state, options.crowd, botUser);
  const slack = await startCastSlack();
  if (options.crowd !== undefined) addCrowdToSlack(slack, options.crowd);
  // The bots reach the fake through a thread that notes when each call arrived (trigger_id's 3 s).
  const slackFrontDoor = await ownThreadReceiver(slack.url);
  const table = `fleet-${randomUUID()}`;
  const client = new DynamoDBClient({
    endpoint: options.dynamoDbEndpoint,
    region: 'us-east-1',
    // DynamoDB Local keeps one set of tables per access key: the bot processes' key.
    credentials: { accessKeyId: botUser.accessKeyId, secretAccessKey: botUser.secretAccessKey },
  });
  const auditTable = openAuditTable({ tableName: table, client });
  const store = createDynamoStore({ table: auditTable, chainWriter: new GroupCommit({ table: auditTable }) });
  await store.createTable();
  const dir = await mkdtemp(join(tmpdir(), 'mfa-reset-fleet-'));
  const configPath = join(dir, 'config.yml');
  await writeFile(
    configPath,
    withCrowdApprovers(castConfigYaml({ ...options.policy, botUser, table }), crowdDevices),
  );
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: slack.identity.botToken,
    SLACK_SIGNING_SECRET: FLEET_SIGNING_SECRET,
    SLACK_API_URL: `${slackFrontDoor.url}/api/`,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: options.logLevel ?? 'info',
    MFA_RESET_CONFIG: configPath,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: botUser.accessKeyId,
    AWS_SECRET_ACCESS_KEY: botUser.secretAccessKey,
    AWS_ENDPOINT_URL_IAM: aws.url,
    AWS_ENDPOINT_URL_STS: aws.url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: aws.url,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoDbEndpoint,
    ...options.env,
  };
  const processes: BotProcess[] = [];
  const slackSide = ownThreadTransport();

  const start = async (): Promise<BotProcess> => {
    const app = await spawnApp({
      name: `bot process ${processes.length + 1}`,
      args: [BOT_ENTRY_POINT],
      env,
      startLine: /"port":(\d+)/,
    });
    const bot: BotProcess = {
      pid: app.pid,
      port: app.port,
      driver: createSlackDriver({
        eventsUrl: `http://127.0.0.1:${app.port}/slack/events`,
        signingSecret: FLEET_SIGNING_SECRET,
        slack,
        transport: slackSide.transport,
      }),
      logs: () => parsedLines(app),
      output: app.output,
      exited: app.exited,
      stop: app.stop,
      kill: app.kill,
      cpuMs: app.cpuMs,
    };
    processes.push(bot);
    return bot;
  };

  return {
    aws,
    botUser,
    crowdDevices,
    slack,
    table,
    store,
    processes,
    start,
    close: async () => {
      await Promise.all(processes.map((bot) => bot.stop()));
      await slackSide.close();
      await slackFrontDoor.close();
      await slack.close();
      await aws.close();
      client.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it gives something other than undefined (work a bot does after its answer). */
export async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; what: string },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The id of the modal Slack opened for this trigger_id (several may be opening at once). */
async function viewOpenedFor(
  fleet: BotFleet,
  triggerId: string,
  timeoutMs: number,
  since?: number,
): Promise<string> {
  const call = await fleet.slack
    .waitForCall('views.open', {
      where: (c) => c.args.trigger_id === triggerId && c.response.ok === true,
      timeoutMs,
      ...(since === undefined ? {} : { since }),
    })
    .catch((error: unknown) => {
      // Say what Slack answered instead, if the bot did call (e.g. expired_trigger_id).
      const answers = fleet.slack
        .calls('views.open')
        .filter((c) => c.args.trigger_id === triggerId)
        .map((c) => String(c.response.error));
      throw new Error(
        `${(error as Error).message}; views.open with this trigger answered: [${answers.join(', ')}]`,
      );
    });
  return String((call.response.view as { id: string }).id);
}

/**
 * The requester's part through one process: `/mfa-reset`, every offered device, a reason, submit;
 * resolves with the stored request once its approval message is posted.
 */
export async function requestThrough(
  fleet: BotFleet,
  bot: BotProcess,
  input: { userId: string; reason?: string; timeoutMs?: number },
): Promise<ResetRequest> {
  const timeoutMs = input.timeoutMs ?? 20_000;
  const sent = await bot.driver.slashCommand({ userId: input.userId, channelId: APPROVALS_CHANNEL });
  const viewId = await viewOpenedFor(fleet, sent.sent.trigger_id, timeoutMs, sent.callMark);
  await fleet.slack.waitFor(
    () => (fleet.slack.viewById(viewId)?.view.callback_id === CallbackId.requestModal ? true : undefined),
    { timeoutMs, description: `the request form of ${input.userId}` },
  );
  const submitted = await bot.driver.viewSubmission({
    viewId,
    inputs: { [BlockId.reason]: { [ActionId.reason]: typed(input.reason ?? 'Lost my phone') } },
  });
  if (!submitted.outcome.accepted) {
    throw new Error(`request of ${input.userId} refused: ${submitted.outcome.problems.join('; ')}`);
  }
  return until(
    async () =>
      (await fleet.store.listRequestsByRequester(input.userId, 5)).find(
        (request) => request.state === 'PENDING' && request.approvalMessage !== undefined,
      ),
    { timeoutMs, what: `the approval message of ${input.userId}'s request` },
  );
}

/** What an approver saw of one approval: the modal's HTTP answer and how long it took. */
export interface ApprovalAttempt {
  readonly viewId: string;
  /** From sending the code to the HTTP answer of the submission, as Slack's side of the wire timed it. */
  readonly answerMs: number;
  readonly answer: ViewSubmissionResponse;
}

/** Clicks Approve on the request's message through `bot`; resolves with the approval modal's id once filled in. */
export async function openApproval(
  fleet: BotFleet,
  bot: BotProcess,
  input: { approver: string; request: ResetRequest; timeoutMs?: number },
): Promise<string> {
  const message = input.request.approvalMessage;
  if (message === undefined) throw new Error(`request ${input.request.id} has no approval message`);
  const click = await bot.driver.blockAction({
    userId: input.approver,
    actionId: ActionId.approve,
    message: { channel: message.channel, ts: message.ts },
  });
  const viewId = await viewOpenedFor(fleet, click.sent.trigger_id, input.timeoutMs ?? 20_000, click.callMark);
  await fleet.slack.waitFor(
    () => (fleet.slack.viewById(viewId)?.view.callback_id === CallbackId.approveModal ? true : undefined),
    { timeoutMs: input.timeoutMs ?? 20_000, description: `the approval modal of ${input.approver}` },
  );
  return viewId;
}

/** Submits `code` in an open approval modal through `bot`, timing the HTTP answer. */
export async function submitApproval(
  bot: BotProcess,
  input: { approver: string; viewId: string; code: string },
): Promise<ApprovalAttempt> {
  const answer = await bot.driver.viewSubmission({
    viewId: input.viewId,
    userId: input.approver,
    inputs: { [BlockId.tokenCode]: { [ActionId.tokenCode]: typed(input.code) } },
  });
  return { viewId: input.viewId, answerMs: answer.elapsedMs, answer };
}

/** Clicks Approve on the request's message through `bot`, then submits `code` in the modal. */
export async function approveThrough(
  fleet: BotFleet,
  bot: BotProcess,
  input: { approver: string; request: ResetRequest; code: string; timeoutMs?: number },
): Promise<ApprovalAttempt> {
  const viewId = await openApproval(fleet, bot, input);
  return submitApproval(bot, { approver: input.approver, viewId, code: input.code });
}
