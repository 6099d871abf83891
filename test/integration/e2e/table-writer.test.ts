import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { attemptsKey, deviceLockoutKey, requestKey } from '../../../src/store/table-layout.js';
import {
  approveWithCode,
  eventTypes,
  pendingResetOfAlice,
  people,
  shown,
  startWorld,
  submitCode,
  type World,
} from './world.js';

/**
 * Someone holding the bot's table rights (PutItem on the whole table), not a Slack user: each
 * attack below is made as they would make it, with whole-item puts through the AWS SDK's document
 * client against the bot's table in DynamoDB Local, while the real bot is driven over signed HTTP.
 */
function tableWriter(world: World) {
  const documents = DynamoDBDocumentClient.from(world.directClient);
  return {
    read: async (key: { PK: string; SK: string }) =>
      (await documents.send(new GetCommand({ TableName: world.table, Key: key, ConsistentRead: true })))
        .Item ?? {},
    put: async (item: Record<string, unknown>) => {
      await documents.send(new PutCommand({ TableName: world.table, Item: item }));
    },
  };
}

/** The request's attempt counter and the device's lockout record put back to zero, whole items. */
async function rollBackCounters(world: World, requestId: string, serial: string) {
  const attacker = tableWriter(world);
  await attacker.put({ ...attemptsKey(requestId), entity: 'attempts', requestId, reserved: 0, wrong: 0 });
  const lockout = await attacker.read(deviceLockoutKey(serial));
  // A new version, so that the bot's next write reads the emptied record instead of its own.
  await attacker.put({
    ...lockout,
    ...deviceLockoutKey(serial),
    failures: [],
    inFlight: [],
    version: Number(lockout.version ?? 0) + 1,
  });
}

describe('a holder of the bot’s table rights cannot make a fact count that the chain does not record', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('does not count an approval put into the pending request item: the first real approval closes it REQUEST_TAMPERED, nothing reaches STS or IAM', async () => {
    world = await startWorld({ minApprovals: 2 });
    const { phone, request, messageTs } = await pendingResetOfAlice(world);
    const attacker = tableWriter(world);

    const stored = await attacker.read(requestKey(request.id));
    await attacker.put({
      ...stored,
      approvals: [
        {
          slackUserId: people.frank.slackId,
          at: new Date().toISOString(),
          mfaSerial: world.botUser.devices[1]!.serial,
        },
      ],
    });

    expect(await world.store.verifyAuditChain()).toMatchObject({
      ok: false,
      badRequestId: request.id,
      problem: `request ${request.id}'s approvals (${people.frank.slackId}) are not the ones its events record (none).`,
    });

    const { modal } = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });

    expect(shown(modal.view)).toMatch(/changed in the bot’s database after it was made/);
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
    expect(world.aws.state.callsTo('DeactivateMFADevice')).toHaveLength(0);
    expect(world.aws.state.devicesOf(people.alice.iamUser).map((d) => d.serial)).toEqual([phone.serial]);
    expect(await world.requestById(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'REQUEST_TAMPERED',
      approvals: [],
    });
    const trail = await world.auditOf(request.id);
    expect(trail.at(-2)).toMatchObject({
      type: 'REQUEST_TAMPERED',
      details: { facts: 'approvals', 'found.approvals': people.frank.slackId },
    });
    // Closed with the approvals its chain records: the trail is whole again.
    expect(await world.store.verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('still completes a reset with two real approvals, each counted from its chained event', async () => {
    world = await startWorld({ minApprovals: 2 });
    const { request, messageTs } = await pendingResetOfAlice(world);
    for (const approver of [people.frank.slackId, people.erin.slackId]) {
      await approveWithCode(world, { approver, messageTs, code: world.codeOf(approver) });
    }
    expect(await world.requestById(request.id)).toMatchObject({ state: 'COMPLETED' });
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
    expect(await world.store.verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('sends at most maxTokenAttempts wrong codes of one request to STS although both counters are put back to zero after each (limits 3 and 5)', async () => {
    world = await startWorld({ maxTokenAttempts: 3, lockout: { maxFailures: 5, windowMinutes: 15 } });
    const { phone, request, messageTs } = await pendingResetOfAlice(world);
    const serial = world.botUser.devices[0]!.serial;
    const { modal } = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.wrongCode(0),
    });
    // Nine tries, each after the counters were put back; the modal closes when the request does.
    for (let n = 1; n < 9 && world.slack.viewById(modal.id)?.view.submit; n++) {
      await rollBackCounters(world, request.id, serial);
      await submitCode(world, { userId: people.erin.slackId, viewId: modal.id, code: world.wrongCode(n) });
    }

    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(3);
    expect(await world.requestById(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    expect(world.aws.state.devicesOf(people.alice.iamUser).map((d) => d.serial)).toEqual([phone.serial]);
    const types = await eventTypes(world, request.id);
    expect(types.filter((type) => type === 'TOKEN_SUBMITTED')).toHaveLength(3);
    expect(types.filter((type) => type === 'TOKEN_REJECTED')).toHaveLength(3);
  });

  it('refuses a right code without calling STS once the chain’s wrong codes lock the device, although its lockout record was emptied, and audits the disagreement', async () => {
    world = await startWorld({ maxTokenAttempts: 3, lockout: { maxFailures: 2, windowMinutes: 15 } });
    const { phone, request, messageTs } = await pendingResetOfAlice(world);
    const serial = world.botUser.devices[0]!.serial;
    const { modal } = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.wrongCode(0),
    });
    await rollBackCounters(world, request.id, serial);
    await submitCode(world, { userId: people.erin.slackId, viewId: modal.id, code: world.wrongCode(1) });
    await rollBackCounters(world, request.id, serial);

    const right = await submitCode(world, {
      userId: people.erin.slackId,
      viewId: modal.id,
      code: world.codeOf(people.erin.slackId),
    });

    expect(JSON.stringify(right.body)).toMatch(/not accepting its codes for now/);
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(2);
    expect(world.aws.state.callsTo('DeactivateMFADevice')).toHaveLength(0);
    expect(world.aws.state.devicesOf(people.alice.iamUser).map((d) => d.serial)).toEqual([phone.serial]);
    expect(await world.requestById(request.id)).toMatchObject({ state: 'PENDING' });
    const trail = await world.auditOf(request.id);
    expect(trail.slice(-2)).toMatchObject([
      {
        type: 'CODE_COUNT_DISAGREED',
        errorCode: 'APPROVER_DEVICE_LOCKED',
        mfaSerial: serial,
        details: { counter: 'device-lockout', counted: 2 },
      },
      { type: 'APPROVAL_REFUSED', errorCode: 'APPROVER_DEVICE_LOCKED' },
    ]);
    expect(await world.store.verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('neither serves nor counts items put with an event’s index keys outside the chain: a member the writer chose is not refused DAILY_RESET_LIMIT', async () => {
    world = await startWorld({ maxResetsPerTargetPerDay: 3 });
    const attacker = tableWriter(world);
    const at = new Date().toISOString();
    for (let n = 1; n <= 3; n++) {
      await attacker.put({
        PK: `FAKE#${n}`,
        SK: 'FAKE',
        type: 'REQUEST_COMPLETED',
        outcome: 'success',
        at,
        seq: n,
        requestId: `forged-${n}`,
        actor: { kind: 'member', slackUserId: people.erin.slackId },
        target: { slackUserId: people.alice.slackId, iamUserName: people.alice.iamUser },
        byRequestPK: `REQ#forged-${n}`,
        byTargetPK: `IAMUSER#${people.alice.iamUser}`,
        byDayPK: `DAY#${at.slice(0, 10)}`,
        eventTimeSK: `${at}#00000000000${n}`,
      });
    }

    const { request } = await pendingResetOfAlice(world);

    expect(request.state).toBe('PENDING');
    const byUser = await world.store.queryAudit({ by: 'target', iamUserName: people.alice.iamUser });
    expect(byUser.events.map((e) => e.requestId)).toEqual([request.id, request.id]);
    expect(await world.store.verifyAuditChain()).toMatchObject({
      ok: false,
      problem: expect.stringMatching(
        /^item FAKE#\d\/FAKE carries index keys but is neither an event nor a request/,
      ),
    });
  });
});
