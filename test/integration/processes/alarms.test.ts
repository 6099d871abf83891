import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APPROVALS_CHANNEL, people } from '../../../sandbox/cast.js';
import { dmChannelFor } from '../../../sandbox/fake-slack/index.js';
import { createAuditEvents } from '../../../src/services/audit-events.js';
import { type BotFleet, startBotFleet, until } from '../../harness/bot-processes.js';

const events = createAuditEvents({ clock: { now: () => new Date() }, ids: { newId: () => randomUUID() } });
const eventKey = (seq: number) => ({ PK: { S: `EVT#${String(seq).padStart(12, '0')}` }, SK: { S: 'EVT' } });

/**
 * Two real bot processes find the same break in the audit chain at start-up, after someone holding
 * the bot's table rights edited an event and put the alarm's claim in the table beforehand: the
 * alarm reaches the approvals channel and the auditors at least once and at most once per process,
 * and each process logs the line the stack's metric filter counts.
 */
describe('two replicas: an alarm nobody can silence through the table', () => {
  let fleet: BotFleet;
  let client: DynamoDBClient;
  beforeAll(async () => {
    fleet = await startBotFleet({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
    // DynamoDB Local keeps one set of tables per access key: the bot's key, as the attacker holds it.
    client = new DynamoDBClient({
      endpoint: inject('dynamoDbEndpoint'),
      region: 'us-east-1',
      credentials: { accessKeyId: fleet.botUser.accessKeyId, secretAccessKey: fleet.botUser.secretAccessKey },
    });
  }, 240_000);
  afterAll(async () => {
    client?.destroy();
    await fleet?.close();
  });

  it('delivers a pre-claimed chain-break alarm from both processes’ start-up checks: once or twice, never zero', async () => {
    const written = await fleet.store.appendAudit([
      events.notificationSkipped({ what: 'alarm DM', slackUserId: people.mallory.slackId }),
      events.notificationSkipped({ what: 'alarm DM', slackUserId: people.henry.slackId }),
      events.notificationSkipped({ what: 'alarm DM', slackUserId: people.hugo.slackId }),
    ]);
    const edited = written[1]!;
    await client.send(
      new UpdateItemCommand({
        TableName: fleet.table,
        Key: eventKey(edited.seq),
        UpdateExpression: 'SET outcome = :outcome',
        ExpressionAttributeValues: { ':outcome': { S: 'success' } },
      }),
    );
    await client.send(
      new PutItemCommand({
        TableName: fleet.table,
        Item: {
          PK: { S: `ALARM#chain-broken#${edited.seq}` },
          SK: { S: 'ALARM' },
          entity: { S: 'alarm' },
          alarm: { S: `chain-broken#${edited.seq}` },
          at: { S: new Date().toISOString() },
          deliveredAt: { S: new Date().toISOString() },
          until: { S: '2099-01-01T00:00:00.000Z' },
          proof: { S: 'f'.repeat(64) },
        },
      }),
    );

    const bots = await Promise.all([fleet.start(), fleet.start()]);
    const detected = (bot: (typeof bots)[number]) =>
      bot.logs().filter((line) => line.alarm === true && line.eventType === 'AUDIT_CHAIN_BROKEN');
    await until(() => (bots.every((bot) => detected(bot).length > 0) ? true : undefined), {
      what: 'both processes to log the break',
    });
    const alarms = (channel: string) =>
      fleet.slack.messagesIn(channel).filter((m) => /audit trail is broken/.test(m.text));
    // Each process is done with the alarm once it says it delivered it, or that a bot already had.
    const settled = (bot: (typeof bots)[number]) =>
      bot
        .logs()
        .some(
          (line) =>
            line.alarm === `chain-broken#${edited.seq}` &&
            (line.msg === 'alarm delivered' || line.msg === 'alarm already delivered: not repeated'),
        );
    await until(() => (bots.every(settled) ? true : undefined), {
      what: 'both processes to settle the alarm',
    });

    const delivered = alarms(APPROVALS_CHANNEL).length;
    expect(delivered).toBeGreaterThanOrEqual(1);
    expect(delivered).toBeLessThanOrEqual(2);
    expect(alarms(APPROVALS_CHANNEL)[0]?.text).toContain(`broken at event ${edited.seq}`);
    for (const auditor of [people.erin.slackId, people.olivia.slackId]) {
      expect(alarms(dmChannelFor(auditor))).toHaveLength(delivered);
    }
    for (const bot of bots) {
      expect(detected(bot)[0]).toMatchObject({ level: 50, firstBadSeq: edited.seq });
    }
    const audited = (await fleet.store.queryAudit({ by: 'time', limit: 100 })).events;
    expect(audited.filter((e) => e.type === 'AUDIT_CHAIN_BROKEN')).toHaveLength(delivered);
  });
});
