import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { castConfigYaml, startCastAws, startCastSlack } from '../sandbox/cast.js';
import type { FakeSlack } from '../sandbox/fake-slack/index.js';
import { assertLoopbackOnly } from '../sandbox/loopback.js';
import { createSlackDriver, type SlackDriver } from '../sandbox/slack-driver/index.js';
import { CallbackId } from '../src/slack/ids.js';
import { createDynamoStore, GroupCommit, openAuditTable } from '../src/store/index.js';
import { type AppProcess, type AppSpec, spawnApp } from './processes.js';
import { boundedLoop, median, sleep, within } from './stats.js';
import { APPROVALS_CHANNEL, dynamoClientFor, people, SIGNING_SECRET } from './world.js';

/**
 * Measures 1–3 on real processes: the built entry point (`node dist/main.js`, HTTP mode) and the
 * bare Bolt app (bench/bare-app-main.ts, transpiled), both against the same fake Slack, the same
 * IAM/STS emulator and the same DynamoDB Local, spawned and driven alternately.
 */

export interface ProcessFigures {
  readonly startupMs: { bot: number[]; bare: number[] };
  /** Bot ÷ bare start-up of each round (the two started one after the other, so under the same load). */
  readonly startupRatios: number[];
  /** CPU time used up to the start line. */
  readonly startupCpuMs: { bot: number[]; bare: number[] };
  /** CPU time (user + system) per `/mfa-reset` once warmed up, one figure per batch of commands. */
  readonly cpuPerCommandMs: { bot: number[]; bare: number[] };
  /** CPU time per `/mfa-reset` over the first `commands` after start, while the JIT is still compiling. */
  readonly coldCpuPerCommandMs: { bot: number; bare: number; commands: number };
  readonly rssAfterStartMiB: { bot: number[]; bare: number[] };
  readonly rssAfter50MiB: { bot: number; bare: number };
  readonly rssAfterAllMiB: { bot: number; bare: number; commands: number };
  readonly peakRssMiB: { bot: number; bare: number };
  readonly commandToOpenMs: { bot: number[]; bare: number[] };
}

export interface ProcessPhaseOptions {
  readonly dynamoEndpoint: string;
  readonly bareAppEntry: string;
  readonly startupRounds: number;
  readonly warmupCommands: number;
  readonly measuredCommands: number;
  /** The measured commands are timed for CPU in this many batches; the verdict takes the median. */
  readonly cpuBatches: number;
  readonly log: (line: string) => void;
}

export type Who = 'bot' | 'bare';

/** The first commands after start, whose CPU time is shown apart (see the warm-up below). */
const COLD_COMMANDS = 50;

export interface DrivenApp {
  readonly who: Who;
  readonly process: AppProcess;
  readonly driver: SlackDriver;
}

/**
 * One `/mfa-reset` as alice: from sending the signed command to the moment the fake Slack records
 * the app's views.open. Then waits for the rest of the app's work on it (the HTTP answer, and the
 * bot's views.update with the devices) so that one command never overlaps the next.
 */
export async function commandToViewsOpen(slack: FakeSlack, app: DrivenApp): Promise<number> {
  const mark = slack.callCount();
  let openedAt: number | undefined;
  const startedAt = performance.now();
  const answer = app.driver.slashCommand({ userId: people.alice.slackId, channelId: APPROVALS_CHANNEL });
  const opened = await slack.waitFor(
    () => {
      const call = slack.calls('views.open', { since: mark })[0];
      if (call !== undefined) openedAt ??= performance.now();
      return call;
    },
    { timeoutMs: 5_000, description: `views.open from the ${app.who} app` },
  );
  const response = await within(answer, 5_000, `the ${app.who} app's answer to /mfa-reset`);
  if (response.status !== 200) throw new Error(`the ${app.who} app answered HTTP ${response.status}`);
  if (!opened.response.ok) throw new Error(`views.open refused: ${String(opened.response.error)}`);
  if (app.who === 'bot') {
    // The form with alice's devices; a refusal in its place would mean the bot skipped the real work.
    const update = await slack.waitForCall('views.update', { since: mark, timeoutMs: 5_000 });
    const form = update.args.view as { callback_id?: string } | undefined;
    if (form?.callback_id !== CallbackId.requestModal) {
      throw new Error(
        `the bot did not fill in the request form: ${JSON.stringify(update.args.view).slice(0, 300)}`,
      );
    }
  }
  return openedAt! - startedAt;
}

export async function runProcessPhase(options: ProcessPhaseOptions): Promise<ProcessFigures> {
  const world = await startCommandWorld(options.dynamoEndpoint);
  const { slack } = world;
  const running = new Set<AppProcess>();
  const stop = async (app: AppProcess) => {
    running.delete(app);
    await app.stop();
  };
  try {
    const specs: Record<Who, AppSpec> = {
      bot: world.botSpec(),
      bare: {
        name: 'bare Bolt app',
        args: [options.bareAppEntry],
        env: {
          SLACK_BOT_TOKEN: slack.identity.botToken,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: slack.apiUrl,
        },
        startLine: /"msg":"bare bolt app started","port":(\d+)/,
      },
    };
    const spawnChecked = async (who: Who): Promise<AppProcess> => {
      const app = await spawnApp(specs[who]);
      running.add(app);
      assertLoopbackOnly(app.port, specs[who].name);
      if (who === 'bot') {
        const health = await fetch(`http://127.0.0.1:${app.port}/healthz`);
        if (health.status !== 200) throw new Error(`the bot's /healthz answered ${health.status}`);
      }
      return app;
    };
    // 2 and 3a: start-up time and memory after start-up, one process at a time, order alternating.
    const startupMs = { bot: [] as number[], bare: [] as number[] };
    const startupCpuMs = { bot: [] as number[], bare: [] as number[] };
    const startupRatios: number[] = [];
    const rssAfterStartMiB = { bot: [] as number[], bare: [] as number[] };
    await boundedLoop({ count: options.startupRounds, maxMs: 45_000 }, async (round) => {
      const order: Who[] = round % 2 === 0 ? ['bot', 'bare'] : ['bare', 'bot'];
      for (const who of order) {
        const app = await spawnChecked(who);
        startupMs[who].push(app.startupMs);
        startupCpuMs[who].push(app.startupCpuMs);
        await sleep(500);
        rssAfterStartMiB[who].push(app.rssMiB());
        await stop(app);
      }
      startupRatios.push(startupMs.bot.at(-1)! / startupMs.bare.at(-1)!);
    });
    options.log(
      `start-up: ${startupMs.bot.length} rounds (bot median ${median(startupMs.bot).toFixed(0)} ms, bare ${median(startupMs.bare).toFixed(0)} ms)`,
    );

    // 1 and 3b: both apps up side by side; commands alternate between them.
    const apps: Record<Who, DrivenApp> = {
      bot: driven('bot', await spawnChecked('bot'), slack),
      bare: driven('bare', await spawnChecked('bare'), slack),
    };
    await sleep(500);
    const commandToOpenMs = { bot: [] as number[], bare: [] as number[] };
    let rssAfter50MiB = { bot: Number.NaN, bare: Number.NaN };
    let commands = 0;
    const oneRound = async (round: number, record: boolean) => {
      const order: Who[] = round % 2 === 0 ? ['bot', 'bare'] : ['bare', 'bot'];
      for (const who of order) {
        const ms = await commandToViewsOpen(slack, apps[who]);
        if (record) commandToOpenMs[who].push(ms);
      }
      commands += 1;
      if (commands === 50) {
        rssAfter50MiB = { bot: apps.bot.process.rssMiB(), bare: apps.bare.process.rssMiB() };
      }
    };
    // Warm-up: V8 compiles the hot paths over the first few hundred commands, on threads of its own
    // whose CPU time counts too; a bot that runs for days costs what it costs once that is done.
    const coldCommands = Math.min(COLD_COMMANDS, options.warmupCommands);
    const startCpu = { bot: apps.bot.process.cpuMs(), bare: apps.bare.process.cpuMs() };
    const cold = await boundedLoop({ count: coldCommands, maxMs: 15_000 }, (round) => oneRound(round, false));
    const coldCpuPerCommandMs = {
      bot: (apps.bot.process.cpuMs() - startCpu.bot) / Math.max(1, cold),
      bare: (apps.bare.process.cpuMs() - startCpu.bare) / Math.max(1, cold),
      commands: cold,
    };
    await boundedLoop({ count: options.warmupCommands - cold, maxMs: 60_000 }, (round) =>
      oneRound(cold + round, false),
    );
    // CPU per command, batch by batch: both processes' CPU time before and after the same rounds.
    const cpuPerCommandMs = { bot: [] as number[], bare: [] as number[] };
    let measured = 0;
    const perBatch = Math.max(1, Math.floor(options.measuredCommands / options.cpuBatches));
    for (let batch = 0; batch < options.cpuBatches; batch += 1) {
      const before = { bot: apps.bot.process.cpuMs(), bare: apps.bare.process.cpuMs() };
      const rounds = await boundedLoop({ count: perBatch, maxMs: 45_000 / options.cpuBatches }, (round) =>
        oneRound(measured + round, true),
      );
      measured += rounds;
      if (rounds === 0) break;
      cpuPerCommandMs.bot.push((apps.bot.process.cpuMs() - before.bot) / rounds);
      cpuPerCommandMs.bare.push((apps.bare.process.cpuMs() - before.bare) / rounds);
    }
    options.log(`command → views.open: ${measured} measured rounds after ${options.warmupCommands} warm-up`);
    const rssAfterAllMiB = { bot: apps.bot.process.rssMiB(), bare: apps.bare.process.rssMiB(), commands };
    const peakRssMiB = { bot: apps.bot.process.peakRssMiB(), bare: apps.bare.process.peakRssMiB() };
    return {
      startupMs,
      startupRatios,
      startupCpuMs,
      cpuPerCommandMs,
      coldCpuPerCommandMs,
      rssAfterStartMiB,
      rssAfter50MiB,
      rssAfterAllMiB,
      peakRssMiB,
      commandToOpenMs,
    };
  } finally {
    for (const app of [...running]) await stop(app);
    await world.close();
  }
}

export function driven(who: Who, app: AppProcess, slack: FakeSlack): DrivenApp {
  const driver = createSlackDriver({
    eventsUrl: `http://127.0.0.1:${app.port}/slack/events`,
    signingSecret: SIGNING_SECRET,
    slack,
  });
  return { who, process: app, driver };
}

/**
 * What the bot of 1–3 runs against, in this process: the cast's IAM/STS emulator with alice's two
 * devices, the fake Slack, a table of its own on DynamoDB Local (created, as in a deployment: the
 * bot's first housekeeping sweep reads it) and the config file.
 */
export interface CommandWorld {
  readonly slack: FakeSlack;
  /** The built bot in HTTP mode on a free loopback port; `nodeArgs` go before the entry point. */
  botSpec(options?: { nodeArgs?: readonly string[]; entry?: string }): AppSpec;
  close(): Promise<void>;
}

export async function startCommandWorld(dynamoEndpoint: string): Promise<CommandWorld> {
  const { aws, botUser } = await startCastAws();
  aws.state.addVirtualDevice({ userName: people.alice.iamUser, name: 'alice-phone' });
  aws.state.addHardwareDevice({ userName: people.alice.iamUser, serial: 'GAHT12345678' });
  const slack = await startCastSlack();
  const dir = await mkdtemp(join(tmpdir(), 'mfa-reset-bench-'));
  const table = `bench-process-${process.pid}`;
  const client = dynamoClientFor(dynamoEndpoint, botUser);
  const auditTable = openAuditTable({ tableName: table, client });
  const store = createDynamoStore({ table: auditTable, chainWriter: new GroupCommit({ table: auditTable }) });
  await store.createTable();
  const configPath = join(dir, 'config.yml');
  // Alice sends hundreds of commands a minute here: lift the per-member limit that would refuse her.
  await writeFile(configPath, castConfigYaml({ botUser, table, commandsPerMinute: 1_000 }));
  return {
    slack,
    botSpec: (options = {}) => {
      const entry = options.entry ?? 'dist/main.js';
      return {
        name: `bot (${entry})`,
        args: [...(options.nodeArgs ?? []), entry],
        env: {
          SLACK_BOT_TOKEN: slack.identity.botToken,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: slack.apiUrl,
          PORT: '0',
          HOST: '127.0.0.1',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: botUser.accessKeyId,
          AWS_SECRET_ACCESS_KEY: botUser.secretAccessKey,
          AWS_ENDPOINT_URL_IAM: aws.url,
          AWS_ENDPOINT_URL_STS: aws.url,
          AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
          MFA_RESET_CONFIG: configPath,
          LOG_LEVEL: 'info',
        },
        startLine: /"port":(\d+)[^\n]*"msg":"mfa-reset-bot started"/,
      };
    },
    close: async () => {
      await slack.close();
      await aws.close();
      client.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
