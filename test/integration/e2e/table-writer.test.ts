import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { requestKey } from '../../../src/store/table-layout.js';
import { approveWithCode, pendingResetOfAlice, people, shown, startWorld, type World } from './world.js';

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
});
