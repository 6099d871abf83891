import { randomUUID } from 'node:crypto';
import type pino from 'pino';
import { createAwsAdapters, openAccountTrails, openChainAnchors } from './aws/index.js';
import { memberAccountsOf } from './config/accounts-schema.js';
import type { Config } from './config/load.js';
import { checkHealth, type HealthChecks, type HealthFileWriter, startHealthFile } from './health.js';
import { createHousekeeping, type Housekeeping } from './housekeeping.js';
import { createLogger } from './logging.js';
import { createAccountCheck } from './services/account-check.js';
import { createAnchoring } from './services/anchors.js';
import { createDeviceWaits } from './services/approval/device-waits.js';
import { createApprovalService } from './services/approval/service.js';
import { warnOfMissingApproverDevices } from './services/approver-devices-check.js';
import { createAuditExport } from './services/audit-export.js';
import { createAuditReview } from './services/audit-review.js';
import { createCancelService } from './services/cancel.js';
import { createChainWatcher } from './services/chain-watch.js';
import { createCommandLimits } from './services/command-limits.js';
import { createConfirmationService } from './services/confirmations.js';
import { createEnrolmentFollowUp } from './services/enrolments.js';
import { createHomeService } from './services/home.js';
import { reportMemberAccountReach } from './services/member-accounts-check.js';
import { createMemberRequests } from './services/member-requests.js';
import type { Clock } from './services/ports.js';
import { createReconciler } from './services/reconcile.js';
import { createReminderService } from './services/reminders.js';
import { createReplayGuard } from './services/replays.js';
import { createRequestService } from './services/requests.js';
import type { ResetRules, ServiceDeps } from './services/service-deps.js';
import { createSlackApp, startHttpMode } from './slack/app.js';
import { createSlackDirectory } from './slack/directory.js';
import { createHomePublisher } from './slack/home-publisher.js';
import { registerListeners } from './slack/listeners/index.js';
import { createSlackNotifier } from './slack/notifier.js';
import { reachSlack, withinSlackStartLimit } from './slack/reach.js';
import { newSubmissionWorkload } from './slack/submission-workload.js';
import { SHARED_IDENTITY_WARNING, startupFacts } from './startup.js';
import { createAlarmClaims, createDynamoStore, GroupCommit, openAuditTable } from './store/index.js';

export interface BotOptions {
  readonly config: Config;
  readonly logger?: pino.Logger;
  readonly clock?: Clock;
  /** HTTP mode: where to listen (default: `PORT` on `HOST`, or on every interface). */
  readonly listen?: { port: number; host?: string };
  /** How long a modal submission may work before it is answered with "working on it". */
  readonly submissionDeadlineMs?: number;
  /** How long a reset's outcome keeps trying to be written (default 20 s; tests of a dead store shorten it). */
  readonly outcomeRetryMs?: number;
  /** How often expired requests are closed and interrupted resets repaired (0 turns it off). */
  readonly expirySweepMs?: number;
  /** How often the audit chain is verified (0 turns the timer off; checks can still be run). */
  readonly chainWatchMs?: number;
}

export interface RunningBot {
  /** The HTTP port in HTTP mode; undefined in Socket Mode. */
  readonly port?: number;
  /** The background checks, run on demand (the timers run the same). */
  readonly checks: Housekeeping['checks'];
  stop(): Promise<void>;
}

/** Five minutes: a break is alarmed within minutes, for a handful of reads per check. */
const CHAIN_WATCH_MS = 5 * 60_000;

/** The rules the use cases need, from the validated configuration. */
export function resetRulesOf(config: Config): ResetRules {
  const file = config.configFile;
  const accounts = memberAccountsOf(file.accounts);
  return {
    mapping: file.mapping,
    protect: {
      users: file.protect.users,
      ...(file.protect.tag !== undefined ? { tag: file.protect.tag } : {}),
      botUserName: file.aws.botUserName,
      accounts: Object.fromEntries(accounts.map((account) => [account.id, account.protect])),
    },
    approvers: file.approvers,
    // A member account's own rules first: they match only that account's users.
    approvalRules: [
      ...accounts.flatMap((account) => account.rules.map((rule) => ({ ...rule, account: account.id }))),
      ...file.rules,
    ].map(({ approvers, minApprovals, ...rule }) => ({
      ...rule,
      approvers: approvers ?? { users: file.approvers.users, userGroups: file.approvers.userGroups },
      minApprovals: minApprovals ?? file.approvers.minApprovals,
    })),
    auditors: file.auditors,
    helpdesk: file.helpdesk,
    ...(file.aws.botMfaSerial !== undefined ? { botMfaSerial: file.aws.botMfaSerial } : {}),
    deleteVirtualDevices: file.aws.deleteVirtualDevices,
    ttlMinutes: file.requests.ttlMinutes,
    reasonMinLength: file.requests.reasonMinLength,
    maxTokenAttempts: file.requests.maxTokenAttempts,
    maxResetsPerTargetPerDay: file.requests.maxResetsPerTargetPerDay,
    remindAfterMinutes: file.requests.remindAfterMinutes,
    commandsPerMinute: file.requests.commandsPerMinute,
    enrolWithinHours: file.requests.enrolWithinHours,
    accounts: accounts.map(({ protect: _protect, rules: _rules, ...account }) => account),
  };
}

/** The composition root: builds the adapters, the use cases and the Slack app, and starts it. */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? { now: () => new Date() };
  // Slack first, within a bounded time: a bot that cannot reach Slack says so and stops. The
  // adapters, which call nothing while they are built, are built while Slack answers.
  const reachingSlack = reachSlack(config.slack);
  reachingSlack.catch(() => undefined);
  const stepUpKey = config.aws.stepUpKey;
  const rules = resetRulesOf(config);
  const aws = createAwsAdapters(
    {
      region: config.aws.region,
      logger,
      ...(stepUpKey.source === 'profile' ? { stepUpKey: { profile: stepUpKey.profile } } : {}),
      ...(stepUpKey.source === 'environment'
        ? { stepUpKey: { accessKeyId: stepUpKey.accessKeyId, secretAccessKey: stepUpKey.secretAccessKey } }
        : {}),
    },
    rules.accounts,
  );
  // Audit lines are a contract with log pipelines: written whatever LOG_LEVEL says.
  const auditLog = logger.child({ component: 'audit' });
  if (!auditLog.isLevelEnabled('info')) auditLog.level = 'info';
  // So are the alarms' detection lines: the stack's metric filters count them.
  const alarmLog = logger.child({ component: 'alarm' });
  if (!alarmLog.isLevelEnabled('error')) alarmLog.level = 'error';
  const table = openAuditTable({ tableName: config.configFile.audit.table });
  // The process's one writer of the audit chain (decision 011): every append goes through it.
  const chainWriter = new GroupCommit({ table, logger, auditLog });
  const store = createDynamoStore({ table, chainWriter, logger });
  let slackConnected = false;
  let healthFile: HealthFileWriter | undefined;
  const healthChecks: HealthChecks = {
    ...(config.slack.appToken !== undefined ? { slackConnected: () => slackConnected } : {}),
    // An id no request has: one consistent GetItem shows the table can be read.
    readTable: () => store.getRequest('health-check'),
  };
  const slackIdentity = await reachingSlack;
  const app = createSlackApp({
    slack: config.slack,
    identity: slackIdentity,
    logger,
    health: async () => {
      const report = await checkHealth(healthChecks, clock.now());
      return { ok: report.ok, ...(report.ok ? {} : { detail: report.problems.join('; ') }) };
    },
    onSlackConnection: (connected) => {
      slackConnected = connected;
      void healthFile?.refresh();
    },
  });
  const directory = createSlackDirectory({ client: app.client, clock });
  const notifier = createSlackNotifier({
    client: app.client,
    approvalChannel: config.configFile.slack.approvalChannel,
    minApprovals: rules.approvers.minApprovals,
    approvers: { users: rules.approvers.users, userGroups: rules.approvers.userGroups },
    clock,
    accounts: rules.accounts,
  });
  const ids = { newId: () => randomUUID() };
  const common = { store, directory, notifier, clock, ids, logger, rules };
  const home = createHomeService({ ...common, chain: store, publisher: createHomePublisher(app.client) });
  const chainAnchors = await openChainAnchors({ ...config.configFile.audit, region: config.aws.region });
  const anchoring = createAnchoring({ anchors: chainAnchors, chain: store, clock, logger });
  const deps: ServiceDeps = {
    ...common,
    iam: aws.iam,
    sts: aws.sts,
    attempts: store.attempts,
    lockouts: store.lockouts,
    deliveries: store.deliveries,
    reminders: store.reminders,
    requestChanged: (request) => {
      void home.refreshAfterChange(request);
      anchoring.requestChanged(request);
    },
    ...(options.outcomeRetryMs === undefined ? {} : { outcomeRetryMs: options.outcomeRetryMs }),
  };
  // One device waiting room per process: every code check in this bot waits in it.
  const approvals = createApprovalService({ ...deps, deviceWaits: createDeviceWaits() });
  const review = createAuditReview(deps);
  registerListeners(app, {
    requests: createRequestService(deps),
    approvals,
    cancels: createCancelService(deps),
    confirmations: createConfirmationService(deps),
    memberRequests: createMemberRequests(deps),
    replays: createReplayGuard(deps),
    // A secret every replica holds and the audit table never sees.
    replayKeySecret: config.slack.botToken,
    review,
    exporter: createAuditExport({ ...deps, review }),
    home,
    rules,
    commandLimits: createCommandLimits(deps),
    logger,
    submissionDeadlineMs: options.submissionDeadlineMs ?? 2_500,
    submissions: newSubmissionWorkload(),
  });

  let port: number | undefined;
  if (config.slack.appToken !== undefined) {
    await withinSlackStartLimit(app.start(), config.slack.apiUrl);
    healthFile = startHealthFile({
      path: config.healthFile,
      checks: healthChecks,
      now: () => clock.now(),
      logger,
    });
  } else {
    port = await startHttpMode(
      app,
      options.listen ?? {
        port: config.slack.port,
        ...(config.slack.host !== undefined ? { host: config.slack.host } : {}),
      },
    );
  }
  logger.info(
    startupFacts({
      mode: config.slack.appToken !== undefined ? 'socket' : 'http',
      ...(port !== undefined ? { port } : {}),
      table: config.configFile.audit.table,
      mfaSerials: [
        config.configFile.aws.botMfaSerial,
        ...Object.values(config.configFile.approvers.mfaDevices),
      ],
      slackTeam: slackIdentity.team,
      stepUpKey: stepUpKey.source,
      accounts: rules.accounts,
    }),
    'mfa-reset-bot started',
  );
  if (stepUpKey.source === 'runtime') logger.warn({ stepUpKey: 'runtime' }, SHARED_IDENTITY_WARNING);

  const cloudTrailMinutes = config.configFile.audit.cloudtrailCheckMinutes;
  // Every account's CloudTrail: the home account's as the runtime identity, each member's through its reader role.
  const accountTrails =
    cloudTrailMinutes === undefined
      ? undefined
      : await openAccountTrails({ region: config.configFile.audit.cloudtrailRegion, logger }, rules.accounts);
  const alarming = {
    alarmLog,
    // Signed with a secret every replica holds and the audit table never sees.
    alarmClaims: createAlarmClaims({ table, secret: config.slack.botToken }),
  };
  const housekeeping = createHousekeeping({
    approvals,
    reconciler: createReconciler(deps),
    reminders: createReminderService(deps),
    enrolments: createEnrolmentFollowUp({
      ...deps,
      ...alarming,
      enrolments: store.enrolments,
      ...(accountTrails === undefined ? {} : { accountTrail: accountTrails.enrolments }),
    }),
    pendingRequests: () => store.listRequestsByState('PENDING'),
    watcher: createChainWatcher({ ...common, ...alarming, chain: store, ...anchoring.watch }),
    anchorWriter: anchoring.writer,
    ...(accountTrails === undefined
      ? {}
      : {
          accountCheck: createAccountCheck({
            ...common,
            ...alarming,
            accountTrail: accountTrails.home,
            members: accountTrails.members,
            stepUp: { userName: config.configFile.aws.botUserName },
          }),
        }),
    logger,
    intervals: {
      sweepMs: options.expirySweepMs ?? 60_000,
      chainWatchMs: options.chainWatchMs ?? CHAIN_WATCH_MS,
      cloudTrailMs: (cloudTrailMinutes ?? 0) * 60_000,
      anchorMs: (config.configFile.audit.anchors?.everyMinutes ?? 0) * 60_000,
    },
  });
  housekeeping.start();
  // In the background: one ListMFADevices must not hold up the start.
  void warnOfMissingApproverDevices({ iam: aws.iam, rules, logger });
  // So must the member accounts' reader roles: one AssumeRole and one read per account, told per account.
  reportMemberAccountReach({ iam: aws.iam, accounts: rules.accounts, logger }).catch((error: unknown) =>
    logger.warn({ err: error }, 'could not check the member accounts'),
  );

  return {
    ...(port !== undefined ? { port } : {}),
    checks: housekeeping.checks,
    stop: async () => {
      healthFile?.stop();
      housekeeping.stop();
      home.stop();
      await app.stop();
      aws.destroy();
      accountTrails?.destroy();
      chainAnchors?.destroy();
      table.close();
    },
  };
}
