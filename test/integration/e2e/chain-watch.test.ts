import { DeleteItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { dmChannelFor } from '../../../sandbox/fake-slack/index.js';
import { resetAlice } from './audit-steps.js';
import { APPROVALS_CHANNEL, claimAlarmInAdvance, people, shown, startWorld, type World } from './world.js';

/** What someone with write access to the table does behind the bot's back. */
async function editEvent(world: World, seq: number, reason: string) {
  await world.directClient.send(
    new UpdateItemCommand({
      TableName: world.table,
      Key: { PK: { S: `EVT#${String(seq).padStart(12, '0')}` }, SK: { S: 'EVT' } },
      UpdateExpression: 'SET reason = :reason',
      ExpressionAttributeValues: { ':reason': { S: reason } },
    }),
  );
}

function alarmsIn(world: World, channel: string) {
  return world.slack.messagesIn(channel).filter((m) => /audit trail is broken/.test(m.text));
}

/** The lines the stack's metric filter counts: `{ $.alarm IS TRUE && $.eventType = "..." }`. */
function alarmLines(world: World, eventType: string) {
  return world.logs.map((l) => JSON.parse(l)).filter((l) => l.alarm === true && l.eventType === eventType);
}

async function chainEvents(world: World) {
  return (await world.store.queryAudit({ by: 'time', limit: 1000 })).events.filter(
    (e) => e.type === 'AUDIT_CHAIN_BROKEN',
  );
}

describe('the chain watcher', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('verifies the new events, then alarms once, naming the first bad event, when one is edited in DynamoDB', async () => {
    world = await startWorld();
    const { request } = await resetAlice(world);
    const events = await world.auditOf(request.id);
    const first = await world.bot.checks.chain();
    expect(first).toEqual({ verifiedSeq: events.at(-1)!.seq, alarmed: false });

    const edited = events.find((e) => e.type === 'REQUEST_CREATED')!;
    await editEvent(world, edited.seq, 'I never asked for this');
    await resetAlice(world, { codeOffset: 1 }); // the trail goes on after the edit
    const second = await world.bot.checks.chain();

    expect(second).toMatchObject({ broken: { seq: edited.seq }, alarmed: true });
    const [alarm] = alarmsIn(world, APPROVALS_CHANNEL);
    expect(alarm?.text).toContain(`broken at event ${edited.seq}`);
    expect(shown(alarm)).toContain('was modified');
    for (const auditor of [people.erin.slackId, people.olivia.slackId]) {
      expect(alarmsIn(world, dmChannelFor(auditor))).toHaveLength(1);
    }
    expect(alarmsIn(world, dmChannelFor(people.mallory.slackId))).toHaveLength(0);
    const audited = await chainEvents(world);
    expect(audited.map((e) => [e.outcome, e.details?.firstBadSeq])).toEqual([['failure', edited.seq]]);
    const line = world.logs
      .map((l) => JSON.parse(l))
      .find((l) => l.audit === true && l.eventType === 'AUDIT_CHAIN_BROKEN');
    expect(line).toMatchObject({ seq: audited[0]!.seq, outcome: 'failure' });

    // Once per break: the next check finds it again, but nobody is told twice.
    expect(await world.bot.checks.chain()).toMatchObject({ broken: { seq: edited.seq }, alarmed: false });
    expect(alarmsIn(world, APPROVALS_CHANNEL)).toHaveLength(1);
    expect(await chainEvents(world)).toHaveLength(1);
  });

  it('catches an event edited behind the checkpoint by re-checking older events', async () => {
    world = await startWorld();
    const { request } = await resetAlice(world);
    expect((await world.bot.checks.chain()).alarmed).toBe(false);
    const edited = (await world.auditOf(request.id))[1]!;

    await editEvent(world, edited.seq, 'rewritten');
    const check = await world.bot.checks.chain();

    expect(check).toMatchObject({ broken: { seq: edited.seq }, alarmed: true });
  });

  it('alarms on a deleted event', async () => {
    world = await startWorld();
    const { request } = await resetAlice(world);
    const events = await world.auditOf(request.id);
    const gone = events[3]!;
    await world.directClient.send(
      new DeleteItemCommand({
        TableName: world.table,
        Key: { PK: { S: `EVT#${String(gone.seq).padStart(12, '0')}` }, SK: { S: 'EVT' } },
      }),
    );

    const check = await world.bot.checks.chain();

    expect(check).toMatchObject({ broken: { seq: gone.seq }, alarmed: true });
    expect(alarmsIn(world, APPROVALS_CHANNEL)[0]?.text).toContain(`broken at event ${gone.seq}`);
  });

  it('alarms when the tail and the head are rewound together, which only the checkpoint can tell', async () => {
    world = await startWorld();
    const { request } = await resetAlice(world);
    const events = await world.auditOf(request.id);
    await world.bot.checks.chain();
    const [last, before] = [events.at(-1)!, events.at(-2)!];
    await world.directClient.send(
      new DeleteItemCommand({
        TableName: world.table,
        Key: { PK: { S: `EVT#${String(last.seq).padStart(12, '0')}` }, SK: { S: 'EVT' } },
      }),
    );
    await world.directClient.send(
      new UpdateItemCommand({
        TableName: world.table,
        Key: { PK: { S: 'CHAIN' }, SK: { S: 'HEAD' } },
        UpdateExpression: 'SET seq = :seq, #hash = :hash',
        ExpressionAttributeNames: { '#hash': 'hash' },
        ExpressionAttributeValues: { ':seq': { N: String(before.seq) }, ':hash': { S: before.hash } },
      }),
    );
    // The chain alone verifies; only the request item, still COMPLETED with its ending event gone,
    // gives the rewind away to a full verify. The watcher's checkpoint sees it in the chain itself.
    expect(await world.store.verifyAuditChain()).toMatchObject({
      ok: false,
      badRequestId: request.id,
      problem: expect.stringMatching(/is COMPLETED, but no event ended it/),
    });

    expect(await world.bot.checks.chain()).toMatchObject({ broken: { seq: last.seq }, alarmed: true });
  });

  it('still alarms the channel and every auditor, audited and logged, when the alarm was claimed in the table in advance', async () => {
    world = await startWorld();
    const { request } = await resetAlice(world);
    const edited = (await world.auditOf(request.id)).find((e) => e.type === 'REQUEST_CREATED')!;
    await claimAlarmInAdvance(world, `chain-broken#${edited.seq}`);
    await editEvent(world, edited.seq, 'I never asked for this');

    const check = await world.bot.checks.chain();

    expect(check).toMatchObject({ broken: { seq: edited.seq }, alarmed: true });
    expect(alarmsIn(world, APPROVALS_CHANNEL)).toHaveLength(1);
    for (const auditor of [people.erin.slackId, people.olivia.slackId]) {
      expect(alarmsIn(world, dmChannelFor(auditor))).toHaveLength(1);
    }
    expect(alarmLines(world, 'AUDIT_CHAIN_BROKEN')).toEqual([
      expect.objectContaining({ level: 50, firstBadSeq: edited.seq }),
    ]);
    expect((await chainEvents(world)).map((e) => e.details?.firstBadSeq)).toEqual([edited.seq]);
    // Its own claim now stands: the next check logs the break again but tells nobody twice.
    expect(await world.bot.checks.chain()).toMatchObject({ alarmed: false });
    expect(alarmsIn(world, APPROVALS_CHANNEL)).toHaveLength(1);
    expect(alarmLines(world, 'AUDIT_CHAIN_BROKEN')).toHaveLength(2);
  });

  it('logs the line the metric filter counts even when LOG_LEVEL silences everything else', async () => {
    world = await startWorld({ logLevel: 'silent' });
    const { request } = await resetAlice(world);
    const edited = (await world.auditOf(request.id))[1]!;
    await editEvent(world, edited.seq, 'edited');

    await world.bot.checks.chain();

    expect(alarmLines(world, 'AUDIT_CHAIN_BROKEN')).toEqual([
      expect.objectContaining({ level: 50, firstBadSeq: edited.seq }),
    ]);
  });

  it('alarms at least once and at most once per replica when two replicas check the broken chain at the same moment', async () => {
    world = await startWorld();
    const { request } = await resetAlice(world);
    const replica = await world.startReplica();
    const edited = (await world.auditOf(request.id)).at(-2)!;
    await editEvent(world, edited.seq, 'edited');

    const results = await Promise.all([
      world.bot.checks.chain(),
      replica.checks.chain(),
      world.bot.checks.chain(),
    ]);

    expect(results.map((r) => r.broken?.seq)).toEqual([edited.seq, edited.seq, edited.seq]);
    const delivered = results.filter((r) => r.alarmed).length;
    expect(delivered).toBeGreaterThanOrEqual(1);
    expect(delivered).toBeLessThanOrEqual(2);
    expect(alarmsIn(world, APPROVALS_CHANNEL)).toHaveLength(delivered);
    expect(alarmsIn(world, dmChannelFor(people.olivia.slackId))).toHaveLength(delivered);
    expect(await chainEvents(world)).toHaveLength(delivered);
    // Claimed: neither replica tells anyone again.
    await Promise.all([world.bot.checks.chain(), replica.checks.chain()]);
    expect(alarmsIn(world, APPROVALS_CHANNEL)).toHaveLength(delivered);
  });

  it('runs on start-up and on its timer, without anyone asking', async () => {
    world = await startWorld({ chainWatchMs: 300 });
    const { request } = await resetAlice(world);
    const edited = (await world.auditOf(request.id))[0]!;
    await editEvent(world, edited.seq, 'edited');

    const alarm = await world.slack.waitFor(() => alarmsIn(world, APPROVALS_CHANNEL)[0], {
      timeoutMs: 10_000,
    });

    expect(alarm.text).toContain(`broken at event ${edited.seq}`);
  });
});
