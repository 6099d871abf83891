/**
 * `npm run bench` — the performance budgets (docs/testing.md, "Benchmark"), measured in one run on
 * this machine. Timings are never pass/fail: the run exits 0 whatever they are (2 if the
 * benchmark itself crashed); only the two exact checks (AWS calls per reset, audit query cost)
 * exit 1 when violated. Progress goes to stderr, the figures to stdout.
 *
 * Everything runs locally, bound to 127.0.0.1: DynamoDB Local (started and stopped here), the
 * IAM/STS emulator and the fake Slack API of sandbox/, and the signed-request driver playing Slack.
 *
 * What each figure means and how to read it:
 *
 * 1. command → views.open, p50 and p99 (ms). From sending a signed `/mfa-reset` to the fake Slack
 *    recording the app's `views.open` (the moment the user sees a modal). Bot = `node dist/main.js`,
 *    bare = the harness's bare Bolt app (acks and opens a static modal) as a process of its own;
 *    both up at once, commands alternating between them, after a warm-up. The bot also looks up the
 *    user and devices while the modal opens and fills them in with views.update; the next command
 *    waits for that, so commands never overlap. Ratio = bot / bare; budget ≤ 1.2× for both.
 *    Both figures include the driver's and the fake's own fixed costs, which pull the ratio towards 1;
 *    the fakes share this process's one thread, so the bot's look-ups that run while its modal opens
 *    also cost the fakes time, which leans slightly against the bot. p99 of 200 is the 3rd-worst run.
 * 2. start-up (ms). From spawn() to the app's start line on stdout (the bot's "mfa-reset-bot
 *    started"; /healthz is then checked). Node's own boot is in both. Each round starts the two one
 *    after the other; the verdict is the median of the rounds' bot ÷ bare ratios, so a round slowed
 *    by another process on the machine slows both sides of its ratio. Budget ≤ 1.0×. The CPU time
 *    each used up to its start line is shown for information (less sensitive to a busy machine).
 * 2b. CPU per command (ms): user + system time of each process (/proc/PID/stat, all threads) over
 *    a batch of measured commands, divided by the commands; the bot's includes its look-ups and the
 *    views.update that fills the form in. Measured once both are warm: V8 goes on compiling hot
 *    code on threads of its own for the first few hundred commands (the bot has more of it: the
 *    AWS SDK), and a bot that runs for days pays that once. The cost of the first 50 commands
 *    after start is shown apart. Shown with the median of the batches' bot ÷ bare ratios, for
 *    information only: it is not a budget, and nothing is hand-written to lower it (the bot uses
 *    its libraries' own clients). Where it goes: `npm run bench:profile` (see docs/testing.md).
 * 3. resident memory (MiB): VmRSS from /proc/PID/status 0.5 s after start-up (median over the
 *    start-up runs) and after 50 commands each; after all commands and the peak (VmHWM) for
 *    information — growth between the last two hints at per-command retention. Budget ≤ 1.5×.
 * 4. the bot's own work on an approval (ms). Every IAM/STS action is given a fixed latency; erin
 *    approves a two-device reset; the approval submission is timed by a recording proxy in front of
 *    the bot, and proxies in front of IAM/STS, DynamoDB and the Slack API record when each call was
 *    in flight. Work beyond AWS = total − time covered by IAM/STS or DynamoDB calls (what the budget
 *    of 50 ms is about, judged on the p90; Slack API waits count as the bot's here). Own CPU work =
 *    total − every wait. "floor" = IAM/STS calls × injected latency, a sanity check on the measured
 *    wait. The bot runs in this process (startBot, production log level written to /dev/null).
 * 5. AWS calls per reset, exact, from the emulator's log, for 1, 2 and 3 devices of mixed kinds with
 *    the step-up STS always makes: ListMFADevices 1, GetSessionToken 1, DeactivateMFADevice per
 *    device, DeleteVirtualMFADevice per virtual device, nothing else; GetUser, which maps the member
 *    to their IAM user, is shown apart as "identity" (at most 2: when the form opens, and again
 *    before the final approval changes anything); the reads of the approvers' risk facts at
 *    submission, told apart by their User-Agent, are shown apart as "risk facts" (exactly one of
 *    each of RISK_FACT_READS for a user in no group). Cells read "got/budget".
 * 6. audit query cost: the store's queryAudit by request, target, actor and time, at three table
 *    sizes (as left by the resets, then with filler events about other people). "read" is DynamoDB's
 *    own ScannedCount summed over the Queries, + 1 for the chain head each query reads (it serves no
 *    event beyond it). O(result) holds when "read" is the same at every size and at most
 *    "returned" + one look-ahead per Query + the head.
 *
 * 7. the audit review as the trail grows: "the last 25 events of one IAM user" and "the last 25
 *    events of all", newest first as `/mfa-reset audit` shows them, on a table filled to 1,000 and
 *    then 100,000 events. Items read (DynamoDB's ScannedCount, + the chain head) must be the same at
 *    both sizes; the latency ratio (median at 100,000 / median at 1,000) should be close to 1.
 * 8. bursts of approvals on real processes (`node dist/main.js`, test/harness/bot-processes.ts, in
 *    the steps of test/load/burst.test.ts): requests posted and approval modals opened beforehand,
 *    then every code submitted at once. approvals/s = completed resets ÷ seconds from the first code
 *    sent to the last request COMPLETED in the table (polled every 50 ms), by ONE replica (100
 *    approvals) and by TWO (the 100-approval burst). p50/p95 per in-flight size (10, 50, 100, two
 *    replicas): from this process sending the code (Date.now()) to the emulator receiving that
 *    request's DeactivateMFADevice for the member's device (its call log's `at`, same clock), i.e.
 *    up to the reset starting at AWS, not the request's completion. The verdict: every approval of
 *    every burst completed (reported, never failing the run: a burst has a time limit).
 *
 * Every loop stops at its count or its time limit, whichever comes first, and the whole run gives
 * up after 10 minutes (it takes three to five on a 2-core machine, most of it filling 100,000
 * events and posting the bursts' 260 requests); the processes it started never outlive it. Flags: --quick (fewer runs, for trying it out), --no-build (use dist/ as it is).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startDynamoDbLocal } from '../sandbox/dynamodb-local.js';
import { runApprovalPhase } from './approval-phase.js';
import { runAuditPhase } from './audit-phase.js';
import { runAuditScalePhase } from './audit-scale-phase.js';
import { runAwsCallsPhase } from './aws-calls-phase.js';
import { runBurstPhase } from './burst-phase.js';
import { runProcessPhase } from './process-phase.js';
import { buildBareApp, projectRoot } from './processes.js';
import { printReport } from './summary.js';
import { startBenchWorld } from './world.js';

const flags = new Set(process.argv.slice(2));
const quick = flags.has('--quick');
const settings = {
  startupRounds: quick ? 3 : 7,
  // Not fewer with --quick: before some 300 commands the JIT is still at work (see 2b above).
  warmupCommands: 300,
  measuredCommands: quick ? 50 : 200,
  cpuBatches: quick ? 2 : 5,
  approvalWarmup: quick ? 1 : 3,
  approvals: quick ? 5 : 20,
  injectedLatencyMs: 20,
  auditFills: quick ? [200, 400] : [1_000, 2_000],
  auditScaleSizes: quick ? [1_000, 10_000] : [1_000, 100_000],
  auditScaleRuns: quick ? 20 : 50,
  burstOneReplica: quick ? 10 : 100,
  burstInFlight: quick ? [5, 10, 20] : [10, 50, 100],
};
/** However things go, the benchmark stops here (children are killed on exit, see test/harness/app-processes.ts). */
const HARD_LIMIT_MS = 600_000;

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<number> {
  const began = performance.now();
  if (!flags.has('--no-build')) {
    log('npm run build');
    await promisify(execFile)('npm', ['run', '-s', 'build'], { cwd: projectRoot });
  }
  const bareAppEntry = await buildBareApp();
  log('starting DynamoDB Local on 127.0.0.1');
  const dynamo = await startDynamoDbLocal({ loopbackOnly: true });
  try {
    log('1–3: spawning the bot and the bare app');
    const processes = await runProcessPhase({
      dynamoEndpoint: dynamo.endpoint,
      bareAppEntry,
      startupRounds: settings.startupRounds,
      warmupCommands: settings.warmupCommands,
      measuredCommands: settings.measuredCommands,
      cpuBatches: settings.cpuBatches,
      log,
    });
    log('4–6: the bot in-process against the recording proxies');
    const world = await startBenchWorld({ dynamoEndpoint: dynamo.endpoint });
    try {
      const approval = await runApprovalPhase(world, {
        injectedLatencyMs: settings.injectedLatencyMs,
        warmup: settings.approvalWarmup,
        count: settings.approvals,
        log,
      });
      const calls = await runAwsCallsPhase(world);
      const probe = calls.find((row) => row.kinds.length === 3) ?? calls[0]!;
      const audit = await runAuditPhase(world, {
        dynamoEndpoint: dynamo.endpoint,
        probeRequestId: probe.requestId,
        fills: settings.auditFills,
        log,
      });
      log('7: the audit review at 1,000 and 100,000 events');
      const auditScale = await runAuditScalePhase({
        dynamoEndpoint: dynamo.endpoint,
        credentials: world.botUser,
        sizes: settings.auditScaleSizes,
        runs: settings.auditScaleRuns,
        log,
      });
      log('8: bursts of approvals through one and two bot processes');
      const burst = await runBurstPhase({
        dynamoEndpoint: dynamo.endpoint,
        oneReplica: settings.burstOneReplica,
        inFlight: settings.burstInFlight,
        log,
      });
      const exactChecksHold = printReport({
        processes,
        approval,
        calls,
        audit,
        auditScale,
        burst,
        elapsedMs: performance.now() - began,
        write: (text) => process.stdout.write(`${text}\n`),
      });
      return exactChecksHold ? 0 : 1;
    } finally {
      await world.close();
    }
  } finally {
    await dynamo.stop();
  }
}

const hardLimit = setTimeout(() => {
  log(`gave up after ${HARD_LIMIT_MS / 1000} s`);
  process.exit(2);
}, HARD_LIMIT_MS);
hardLimit.unref();

main().then(
  (code) => {
    clearTimeout(hardLimit);
    process.exitCode = code;
    // Sockets the SDK clients keep alive must not keep the benchmark from ending.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error: unknown) => {
    log(`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
