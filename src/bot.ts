import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pino from 'pino';
import { createAwsAdapters } from './aws/index.js';
import type { Config } from './config/load.js';
import { createLogger } from './logging.js';
import { createApprovalService } from './services/approvals.js';
import type { ResetPolicy } from './services/deps.js';
import type { Clock } from './services/ports.js';
import { createReconciler } from './services/reconcile.js';
import { createReplayGuard } from './services/replays.js';
import { createRequestService } from './services/requests.js';
import { createSlackApp } from './slack/app.js';
import { createSlackDirectory } from './slack/directory.js';
import { registerListeners } from './slack/listeners/index.js';
import { createSlackNotifier } from './slack/notifier.js';
import { createDynamoStore } from './store/index.js';

export interface BotOptions {
  readonly config: Config;
  readonly logger?: pino.Logger;
  readonly clock?: Clock;
  /** HTTP mode: where to listen (default: `PORT` on `HOST`, or on every interface). */
  readonly listen?: { port: number; host?: string };
  /** How long a modal submission may work before it is answered with "working on it". */
  readonly submissionDeadlineMs?: number;
  /** How often expired requests are closed and interrupted resets repaired (0 turns it off). */
  readonly expirySweepMs?: number;
}

export interface RunningBot {
  /** The HTTP port in HTTP mode; undefined in Socket Mode. */
  readonly port?: number;
  stop(): Promise<void>;
}

/** The policy the use cases need, from the validated configuration. */
export function resetPolicyOf(config: Config): ResetPolicy {
  const { policy } = config;
  return {
    mapping: policy.mapping,
    protect: {
      users: policy.protect.users,
      ...(policy.protect.tag !== undefined ? { tag: policy.protect.tag } : {}),
      botUserName: policy.aws.botUserName,
    },
    approvers: policy.approvers,
    ...(policy.aws.botMfaSerial !== undefined ? { botMfaSerial: policy.aws.botMfaSerial } : {}),
    stepUp: policy.aws.stepUp,
    deleteVirtualDevices: policy.aws.deleteVirtualDevices,
    ttlMinutes: policy.requests.ttlMinutes,
    reasonMinLength: policy.requests.reasonMinLength,
    maxTokenAttempts: policy.requests.maxTokenAttempts,
    maxResetsPerTargetPerDay: policy.requests.maxResetsPerTargetPerDay,
  };
}

/** The composition root: builds the adapters, the use cases and the Slack app, and starts it. */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? { now: () => new Date() };
  const aws = createAwsAdapters({ region: config.aws.region, logger });
  const store = createDynamoStore({ tableName: config.policy.audit.table, logger });
  const app = createSlackApp({ slack: config.slack, logger, health: async () => ({ ok: true }) });
  const policy = resetPolicyOf(config);
  const deps = {
    iam: aws.iam,
    sts: aws.sts,
    store,
    attempts: store.attempts,
    lockouts: store.lockouts,
    deliveries: store.deliveries,
    directory: createSlackDirectory({ client: app.client, clock }),
    notifier: createSlackNotifier({
      client: app.client,
      approvalChannel: config.policy.slack.approvalChannel,
      minApprovals: policy.approvers.minApprovals,
    }),
    clock,
    ids: { newId: () => randomUUID() },
    logger,
    policy,
  };
  const approvals = createApprovalService(deps);
  registerListeners(app, {
    requests: createRequestService(deps),
    approvals,
    replays: createReplayGuard(deps),
    // A secret every replica holds and the audit table never sees.
    replayKeySecret: config.slack.botToken,
    policy,
    logger,
    submissionDeadlineMs: options.submissionDeadlineMs ?? 2_500,
  });

  let port: number | undefined;
  if (config.slack.appToken !== undefined) {
    await app.start();
    logger.info({ mode: 'socket' }, 'mfa-reset-bot started');
  } else {
    const listen = options.listen ?? {
      port: config.slack.port,
      ...(config.slack.host !== undefined ? { host: config.slack.host } : {}),
    };
    const server = (await app.start(listen)) as Server;
    port = (server.address() as AddressInfo).port;
    logger.info({ mode: 'http', port }, 'mfa-reset-bot started');
  }

  // Housekeeping: close requests past their expiry, and repair resets interrupted by a crash.
  const reconciler = createReconciler(deps);
  const housekeeping = async () => {
    await approvals
      .expireDue()
      .catch((error: unknown) => logger.error({ err: error }, 'expiry sweep failed'));
    await reconciler
      .reconcileInterrupted({ staleAfterMs: 5 * 60_000 })
      .catch((error: unknown) => logger.error({ err: error }, 'reconciliation failed'));
  };
  const sweepMs = options.expirySweepMs ?? 60_000;
  const sweep = sweepMs > 0 ? setInterval(() => void housekeeping(), sweepMs) : undefined;
  sweep?.unref();
  if (sweepMs > 0) void housekeeping();

  return {
    ...(port !== undefined ? { port } : {}),
    stop: async () => {
      clearInterval(sweep);
      await app.stop();
      aws.destroy();
      store.close();
    },
  };
}
