import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { resetAlice } from './audit-steps.js';
import { people, requestReset, startWorld, type World } from './world.js';

interface AuditLine {
  audit: true;
  eventType: string;
  seq: number;
  hashPrefix: string;
  requestId?: string;
  actor: unknown;
  target?: unknown;
  devices?: string[];
  outcome: string;
  errorCode?: string;
}

function auditLines(world: World): AuditLine[] {
  return world.logs.map((line) => JSON.parse(line)).filter((line) => line.audit === true);
}

describe('SIEM-ready: audit log lines and the table stream', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('logs each stored audit event once, as a JSON line with its non-secret facts, and never the code', async () => {
    world = await startWorld();
    const code = world.codeOf(people.erin.slackId);
    const { request } = await resetAlice(world);
    const stored = (await world.store.queryAudit({ by: 'time', limit: 1000 })).events;

    const lines = auditLines(world);
    expect(lines.map((l) => l.seq)).toEqual(stored.map((e) => e.seq));
    for (const [i, event] of stored.entries()) {
      expect(lines[i]).toMatchObject({
        eventType: event.type,
        hashPrefix: event.hash.slice(0, 16),
        outcome: event.outcome,
        actor: event.actor,
        ...(event.requestId === undefined ? {} : { requestId: event.requestId }),
        ...(event.target === undefined ? {} : { target: event.target }),
        ...(event.devices === undefined ? {} : { devices: event.devices }),
      });
      expect(lines[i]).not.toHaveProperty('reason');
    }
    expect(lines.map((l) => l.eventType)).toContain('DEVICE_DEACTIVATED');
    expect(stored.every((e) => e.requestId === undefined || e.requestId === request.id)).toBe(true);
    expect(world.logs.join('\n')).not.toContain(code);
  });

  it('logs no audit line for events whose write failed, and audit lines even when LOG_LEVEL is warn', async () => {
    world = await startWorld({ logLevel: 'warn' });
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    world.dynamo.failRequests({ operations: ['TransactWriteItems'], times: 4 });
    await world.driver.slashCommand({ userId: people.carol.slackId, channelId: 'C0APPROVALS' });
    await world.slack.waitFor(() => world.slack.ephemeralsTo(people.carol.slackId)[0], { timeoutMs: 10_000 });
    expect(auditLines(world)).toEqual([]);

    world.dynamo.failRequests(false);
    await requestReset(world, { userId: people.alice.slackId });

    expect(auditLines(world).map((l) => l.eventType)).toEqual(['REQUEST_CREATED', 'APPROVERS_NOTIFIED']);
    expect(world.logs.map((l) => JSON.parse(l)).every((l) => l.audit === true || l.level >= 40)).toBe(true);
  });

  it('creates the table with a stream of new images for forwarding', async () => {
    world = await startWorld();
    const { Table: table } = await world.directClient.send(
      new DescribeTableCommand({ TableName: world.table }),
    );
    expect(table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(table?.LatestStreamArn).toBeDefined();
  });
});
