import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { people } from '../../sandbox/cast.js';
import type { AuditEvent } from '../../src/domain/audit.js';
import type { ResetRequest } from '../../src/domain/request.js';
import {
  type ApprovalAttempt,
  type BotFleet,
  type BotProcess,
  openApproval,
  requestThrough,
  startBotFleet,
  submitApproval,
  until,
} from '../harness/bot-processes.js';
import { type Crowd, crowdOf, inBatches } from '../harness/crowd.js';

/**
 * A burst across two replicas (issue: the audit chain must not be the bottleneck): two bot
 * processes of the built entry point on one DynamoDB Local, 100 members' requests posted through
 * both, then 100 approvals submitted at once across both. Every one must complete: none refused
 * for contention, one DeactivateMFADevice per device, a valid chain, every request's events, every
 * submission answered. How fast they were answered (p50 and p99, as Slack would time them) is a
 * figure in the printed summary, not a verdict: a shared machine's milliseconds are noise.
 */
const MEMBERS = 100;
/** Any code works on the approvers' devices here (a test option of the emulator). */
const ANY_CODE = '123456';
const EXPECTED_EVENTS = [
  'REQUEST_CREATED',
  'APPROVERS_NOTIFIED',
  'TOKEN_SUBMITTED',
  'REQUEST_APPROVED',
  'EXECUTION_STARTED',
  'DEVICE_DEACTIVATED',
  'DEVICE_DELETED',
  'REQUEST_COMPLETED',
];

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function auditOf(fleet: BotFleet, requestId: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await fleet.store.queryAudit({ by: 'request', requestId, ...(cursor ? { cursor } : {}) });
    events.push(...page.events);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return events;
}

describe('a burst of 100 approvals across two bot processes', () => {
  const crowd: Crowd = crowdOf({ members: MEMBERS, approvers: 6 });
  let fleet: BotFleet;
  let replicas: BotProcess[];

  beforeAll(async () => {
    fleet = await startBotFleet({ dynamoDbEndpoint: inject('dynamoDbEndpoint'), crowd });
    fleet.aws.state.acceptAnyCode.add(fleet.botUser.devices[0]!.serial);
    for (const device of fleet.crowdDevices) fleet.aws.state.acceptAnyCode.add(device.serial);
    replicas = [await fleet.start(), await fleet.start()];
  });
  afterAll(async () => fleet?.close());

  it('completes every reset, refuses none for contention and answers every code submission', async () => {
    const approvers = [people.erin.slackId, ...crowd.approvers.map((approver) => approver.slackId)];
    const requests: ResetRequest[] = await inBatches(crowd.members, 20, (member, i) =>
      requestThrough(fleet, replicas[i % 2]!, { userId: member.slackId, timeoutMs: 60_000 }),
    );
    const callsBefore = fleet.aws.state.callsTo('DeactivateMFADevice').length;

    // Approvers open their modals (a few at a time, as people click), then all submit at once.
    const modals = await inBatches(requests, 10, (request, i) =>
      openApproval(fleet, replicas[(i + 1) % 2]!, {
        approver: approvers[i % approvers.length]!,
        request,
        timeoutMs: 60_000,
      }),
    );
    const lag = monitorEventLoopDelay({ resolution: 20 });
    lag.enable();
    const startedAt = performance.now();
    const attempts: ApprovalAttempt[] = await Promise.all(
      modals.map((viewId, i) =>
        submitApproval(replicas[(i + 1) % 2]!, {
          approver: approvers[i % approvers.length]!,
          viewId,
          code: ANY_CODE,
        }),
      ),
    );
    const finished = await until(
      async () => {
        const done = await fleet.store.listRequestsByState('COMPLETED', 1_000);
        return done.length >= MEMBERS ? done : undefined;
      },
      { timeoutMs: 120_000, what: `${MEMBERS} completed resets` },
    );
    const burstSeconds = (performance.now() - startedAt) / 1000;

    lag.disable();
    // Two views of "submit → HTTP answer": as Slack would see it, timed on the thread the requests
    // leave from (this process's event loop, busy playing Slack's API, IAM and STS, does not delay
    // it), and as each bot process measured it from the request reaching its app (for reading: the
    // difference is time the request waited in the bot before Bolt got to it).
    const answers = attempts.map((attempt) => attempt.answerMs);
    const botAnswers = replicas.flatMap((replica) =>
      replica
        .logs()
        .filter((line) => line.msg === 'submission answered' && line.view === 'mfa_reset.approve_modal')
        .map((line) => Number(line.answeredInMs)),
    );
    const refusals = (await fleet.store.queryAudit({ by: 'time', limit: 1_000 })).events.filter(
      (event) => event.type === 'APPROVAL_REFUSED',
    );
    process.stdout.write(
      `load: ${finished.length}/${MEMBERS} completed in ${burstSeconds.toFixed(1)} s ` +
        `(${(MEMBERS / burstSeconds).toFixed(1)} approvals/s over 2 replicas), ${refusals.length} refused; ` +
        `submit → HTTP answer as Slack would see it p50 ${percentile(answers, 50).toFixed(0)} ms, ` +
        `p99 ${percentile(answers, 99).toFixed(0)} ms; as the bots measured it p50 ` +
        `${percentile(botAnswers, 50).toFixed(0)} ms, p99 ${percentile(botAnswers, 99).toFixed(0)} ms; ` +
        `the driver's own event-loop delay max ${(lag.max / 1e6).toFixed(0)} ms\n`,
    );

    expect(finished).toHaveLength(MEMBERS);
    // Every submission answered 200; a failure names the others, with what the bot answered.
    const unanswered = attempts.filter((attempt) => attempt.answer.status !== 200);
    expect(unanswered.map((attempt) => `${attempt.answer.status} ${attempt.answer.text}`.trim())).toEqual([]);
    expect(refusals.map((event) => event.errorCode)).toEqual([]);
    const deactivations = fleet.aws.state.callsTo('DeactivateMFADevice').slice(callsBefore);
    const perDevice = new Map<string, number>();
    for (const call of deactivations) {
      perDevice.set(call.params.SerialNumber!, (perDevice.get(call.params.SerialNumber!) ?? 0) + 1);
    }
    expect(perDevice.size).toBe(MEMBERS);
    expect([...perDevice.values()].every((count) => count === 1)).toBe(true);
    for (const member of crowd.members) expect(fleet.aws.state.devicesOf(member.iamUser)).toEqual([]);
    expect(await fleet.store.verifyAuditChain()).toMatchObject({ ok: true });
    for (const request of requests) {
      expect((await auditOf(fleet, request.id)).map((event) => event.type)).toEqual(EXPECTED_EVENTS);
    }
    expect(botAnswers).toHaveLength(MEMBERS);
  });
});
