import { people } from '../sandbox/cast.js';
import type { ResetRequest } from '../src/domain/request.js';
import {
  type BotFleet,
  type BotProcess,
  openApproval,
  requestThrough,
  startBotFleet,
  submitApproval,
  until,
} from '../test/harness/bot-processes.js';
import { type CrowdPerson, crowdOf, inBatches } from '../test/harness/crowd.js';
import { ms, table } from './report.js';
import { percentile } from './stats.js';

/**
 * 8: bursts of approvals on real bot processes (`node dist/main.js`), through the same harness and
 * in the same steps as test/load/burst.test.ts: members' requests posted, approvers' modals opened a
 * few at a time, then every code submitted at once. First through ONE replica, then a second joins
 * (same table, Slack and AWS) and bursts of each in-flight size go through both, alternating.
 */

export interface BurstRow {
  readonly replicas: number;
  readonly inFlight: number;
  readonly completed: number;
  /** Completed resets ÷ seconds from the first code sent to the last request COMPLETED. */
  readonly approvalsPerSecond: number;
  /** Per approval: code sent → the emulator receiving DeactivateMFADevice for its device. */
  readonly submitToResetMs: readonly number[];
  /** Per approval: code sent → the submission's HTTP answer, timed on the sending thread as Slack would. */
  readonly answerMs: readonly number[];
}

export interface BurstFigures {
  readonly rows: readonly BurstRow[];
}

export interface BurstPhaseOptions {
  readonly dynamoEndpoint: string;
  /** The one-replica burst's size. */
  readonly oneReplica: number;
  /** The two-replica bursts' sizes (approvals in flight). */
  readonly inFlight: readonly number[];
  readonly log: (line: string) => void;
}

/** Any code works on the approvers' devices here (a test option of the emulator). */
const ANY_CODE = '123456';
const TIMEOUT_MS = 120_000;

/**
 * Why each request that did not complete did not: its state, its last audit event and the bots'
 * warning and error lines about it, logged.
 */
async function explainUnfinished(
  fleet: BotFleet,
  replicas: readonly BotProcess[],
  requests: readonly ResetRequest[],
  log: (line: string) => void,
): Promise<void> {
  for (const request of requests) {
    const stored = await fleet.store.getRequest(request.id);
    if (stored?.state === 'COMPLETED') continue;
    const { events } = await fleet.store.queryAudit({ by: 'request', requestId: request.id, limit: 100 });
    const last = events.at(-1);
    log(
      `not completed: request ${request.id} is ${stored?.state ?? 'missing'}; last event ` +
        `${last?.type ?? 'none'}${last?.errorCode === undefined ? '' : ` (${last.errorCode})`}`,
    );
    const said = replicas.flatMap((replica) =>
      replica.logs().filter((line) => Number(line.level) >= 40 && JSON.stringify(line).includes(request.id)),
    );
    for (const line of said) log(`  the bot logged: ${JSON.stringify(line).slice(0, 1_000)}`);
  }
}

async function oneBurst(
  fleet: BotFleet,
  replicas: readonly BotProcess[],
  input: { members: readonly CrowdPerson[]; approvers: readonly string[]; log: (line: string) => void },
): Promise<BurstRow> {
  const { members, approvers, log } = input;
  const pick = (i: number) => replicas[i % replicas.length]!;
  const serials = new Map(members.map((m) => [fleet.aws.state.devicesOf(m.iamUser)[0]!.serial, m]));
  const requests: ResetRequest[] = await inBatches(members, 20, (member, i) =>
    requestThrough(fleet, pick(i), { userId: member.slackId, timeoutMs: 60_000 }),
  );
  const modals = await inBatches(requests, 10, (request, i) =>
    openApproval(fleet, pick(i + 1), {
      approver: approvers[i % approvers.length]!,
      request,
      timeoutMs: 60_000,
    }),
  );
  const completedBefore = (await fleet.store.listRequestsByState('COMPLETED', 1_000)).length;
  const sentAt = new Map<string, number>();
  const startedAt = performance.now();
  const attempts = await Promise.all(
    modals.map((viewId, i) => {
      sentAt.set(members[i]!.slackId, Date.now());
      return submitApproval(pick(i + 1), {
        approver: approvers[i % approvers.length]!,
        viewId,
        code: ANY_CODE,
      });
    }),
  );
  const completed = await until(
    async () => {
      const done = (await fleet.store.listRequestsByState('COMPLETED', 1_000)).length - completedBefore;
      return done >= members.length ? done : undefined;
    },
    { timeoutMs: TIMEOUT_MS, what: `${members.length} completed resets` },
  ).catch(async () => (await fleet.store.listRequestsByState('COMPLETED', 1_000)).length - completedBefore);
  const seconds = (performance.now() - startedAt) / 1000;
  if (completed < members.length) await explainUnfinished(fleet, replicas, requests, log);
  const submitToResetMs: number[] = [];
  for (const call of fleet.aws.state.callsTo('DeactivateMFADevice')) {
    const member = serials.get(call.params.SerialNumber ?? '');
    const sent = member === undefined ? undefined : sentAt.get(member.slackId);
    if (sent !== undefined) submitToResetMs.push(call.at.getTime() - sent);
  }
  return {
    replicas: replicas.length,
    inFlight: members.length,
    completed,
    approvalsPerSecond: completed / seconds,
    submitToResetMs,
    answerMs: attempts.map((attempt) => attempt.answerMs),
  };
}

export async function runBurstPhase(options: BurstPhaseOptions): Promise<BurstFigures> {
  const sizes = [options.oneReplica, ...options.inFlight];
  const crowd = crowdOf({ members: sizes.reduce((a, b) => a + b, 0), approvers: 6 });
  const fleet = await startBotFleet({ dynamoDbEndpoint: options.dynamoEndpoint, crowd });
  try {
    fleet.aws.state.acceptAnyCode.add(fleet.botUser.devices[0]!.serial);
    for (const device of fleet.crowdDevices) fleet.aws.state.acceptAnyCode.add(device.serial);
    const approvers = [people.erin.slackId, ...crowd.approvers.map((approver) => approver.slackId)];
    const rows: BurstRow[] = [];
    let used = 0;
    const burst = async (replicas: readonly BotProcess[], size: number) => {
      const members = crowd.members.slice(used, used + size);
      used += size;
      options.log(`burst of ${size} approvals through ${replicas.length} replica(s)`);
      rows.push(await oneBurst(fleet, replicas, { members, approvers, log: options.log }));
    };
    const first = await fleet.start();
    await burst([first], options.oneReplica);
    const both = [first, await fleet.start()];
    for (const size of options.inFlight) await burst(both, size);
    return { rows };
  } finally {
    await fleet.close();
  }
}

/** The burst section of the report: figures only, never a verdict. */
export function burstReport(figures: BurstFigures): string {
  const rows = figures.rows.map((row) => [
    String(row.replicas),
    String(row.inFlight),
    `${row.completed}/${row.inFlight}`,
    row.approvalsPerSecond.toFixed(1),
    `${row.submitToResetMs.length}`,
    ms(percentile(row.submitToResetMs, 50)),
    ms(percentile(row.submitToResetMs, 95)),
    ms(percentile(row.answerMs, 50)),
    ms(percentile(row.answerMs, 99)),
  ]);
  return [
    '\n8. Bursts of approvals on real processes: code sent → DeactivateMFADevice at the emulator (ms),',
    '   and code sent → the submission answered, as Slack would time it (ms)',
    table(
      [
        'replicas',
        'in flight',
        'completed',
        'approvals/s',
        'resets',
        'p50',
        'p95',
        'answer p50',
        'answer p99',
      ],
      rows,
    ),
  ].join('\n');
}
