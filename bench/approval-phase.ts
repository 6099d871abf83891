import { giveAliceDevices, openApprovalModal, requestReset, submitApproval } from './flows.js';
import { boundedLoop, coveredMs, type Interval, sleep } from './stats.js';
import type { BenchBot, BenchWorld } from './world.js';

/**
 * 4. The bot's own work on an approval. Every IAM/STS action gets a fixed injected latency, alice
 * asks for a reset of two devices (virtual + hardware: GetSessionToken, 2 × DeactivateMFADevice,
 * DeleteVirtualMFADevice), erin approves, and the approval submission is timed at the proxy in front
 * of the bot (Slack's view: request in → answer out). The proxies in front of IAM/STS, DynamoDB and
 * the Slack API record when each call the bot made was in flight; the time covered by them inside
 * the submission is waiting, the rest is the bot's own work (parsing, policy, SDK signing and
 * parsing, building clients and views, logging, Bolt). Measured, not estimated: the injected
 * latency × the number of IAM/STS calls is shown only as the floor the measured wait must exceed.
 */

export interface ApprovalSample {
  readonly totalMs: number;
  readonly iamStsMs: number;
  readonly dynamoMs: number;
  readonly slackMs: number;
  /** Covered by IAM/STS or DynamoDB calls (union: overlaps counted once). */
  readonly awsMs: number;
  /** Covered by any of the three. */
  readonly allWaitsMs: number;
  readonly iamStsCalls: number;
  readonly dynamoCalls: number;
  readonly slackCalls: number;
}

export interface ApprovalFigures {
  readonly injectedLatencyMs: number;
  readonly samples: readonly ApprovalSample[];
}

async function settled<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let waited = 0; waited < 2_000; waited += 5) {
    const value = probe();
    if (value !== undefined) return value;
    await sleep(5);
  }
  throw new Error(`no ${what} recorded`);
}

async function timedApproval(world: BenchWorld, bot: BenchBot): Promise<ApprovalSample> {
  giveAliceDevices(world, ['virtual', 'hardware']);
  const { messageTs } = await requestReset(world, bot);
  const viewId = await openApprovalModal(world, bot, messageTs);
  const marks = {
    front: bot.front.calls.length,
    iamSts: world.iamSts.calls.length,
    dynamo: world.dynamo.calls.length,
    slack: world.slackApi.calls.length,
  };
  await submitApproval(world, bot, viewId);
  const submission: Interval = await settled(
    () => bot.front.since(marks.front).find((call) => call.operation === '/slack/events'),
    'approval submission at the proxy in front of the bot',
  );
  const inWindow = (calls: readonly Interval[]) =>
    calls.filter((call) => call.endMs > submission.startMs && call.startMs < submission.endMs);
  const iamSts = inWindow(world.iamSts.since(marks.iamSts));
  const dynamo = inWindow(world.dynamo.since(marks.dynamo));
  const slack = inWindow(world.slackApi.since(marks.slack));
  return {
    totalMs: submission.endMs - submission.startMs,
    iamStsMs: coveredMs(iamSts, submission),
    dynamoMs: coveredMs(dynamo, submission),
    slackMs: coveredMs(slack, submission),
    awsMs: coveredMs([...iamSts, ...dynamo], submission),
    allWaitsMs: coveredMs([...iamSts, ...dynamo, ...slack], submission),
    iamStsCalls: iamSts.length,
    dynamoCalls: dynamo.length,
    slackCalls: slack.length,
  };
}

export async function runApprovalPhase(
  world: BenchWorld,
  options: { injectedLatencyMs: number; warmup: number; count: number; log: (line: string) => void },
): Promise<ApprovalFigures> {
  const bot = await world.startBot();
  world.aws.faults.setLatency('*', options.injectedLatencyMs);
  try {
    await boundedLoop({ count: options.warmup, maxMs: 15_000 }, async () => {
      await timedApproval(world, bot);
    });
    const samples: ApprovalSample[] = [];
    await boundedLoop({ count: options.count, maxMs: 45_000 }, async () => {
      samples.push(await timedApproval(world, bot));
    });
    options.log(`approval: ${samples.length} timed approvals after ${options.warmup} warm-up`);
    return { injectedLatencyMs: options.injectedLatencyMs, samples };
  } finally {
    world.aws.faults.setLatency('*', 0);
    await bot.stop();
  }
}
