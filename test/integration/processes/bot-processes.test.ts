import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { people } from '../../../sandbox/cast.js';
import { codeFor } from '../../../sandbox/iam-sts-emulator/index.js';
import {
  approveThrough,
  type BotFleet,
  requestThrough,
  startBotFleet,
  until,
} from '../../harness/bot-processes.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the process harness: real bot processes on one table', () => {
  let fleet: BotFleet;
  beforeAll(async () => {
    fleet = await startBotFleet({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
  }, 240_000);
  afterAll(async () => {
    await fleet?.close();
    for (const bot of fleet?.processes ?? []) expect(alive(bot.pid)).toBe(false);
  });

  it('opens a request through one process and approves it through the other', async () => {
    fleet.aws.state.addVirtualDevice({ userName: people.alice.iamUser, name: 'alice-phone' });
    const [first, second] = [await fleet.start(), await fleet.start()];
    expect(first.pid).not.toBe(second.pid);
    const request = await requestThrough(fleet, first, { userId: people.alice.slackId });
    const approval = await approveThrough(fleet, second, {
      approver: people.erin.slackId,
      request,
      code: codeFor(fleet.botUser.devices[0]!.seed),
    });
    expect(approval.answer.status).toBe(200);
    const done = await until(
      async () => {
        const stored = await fleet.store.getRequest(request.id);
        return stored?.state === 'COMPLETED' ? stored : undefined;
      },
      { what: 'the reset to complete' },
    );
    expect(done.outcomes?.every((outcome) => outcome.deactivated)).toBe(true);
    expect(fleet.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
    expect(second.logs().some((line) => line.msg !== undefined)).toBe(true);
  });

  it('kills a process with SIGKILL and starts another that serves the same table', async () => {
    const victim = fleet.processes[0]!;
    await victim.kill();
    expect(victim.exited()).toBe(true);
    expect(alive(victim.pid)).toBe(false);
    const next = await fleet.start();
    const health = await fetch(`http://127.0.0.1:${next.port}/healthz`);
    expect(health.status).toBe(200);
  });
});
