import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlarmClaims, openAuditTable } from '../../../src/store/index.js';
import { freshTable, type TestTable } from './fixtures.js';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const CLAIM = { at: '2026-11-27T09:00:00.000Z', until: '2026-11-28T09:00:00.000Z' };
const claimKey = { PK: { S: 'ALARM#chain-broken#7' }, SK: { S: 'ALARM' } };

describe('DynamoDB store: alarm claims the table alone cannot forge', () => {
  let table: TestTable;
  afterEach(() => table?.client.destroy());

  async function claimsWith(secret: string) {
    table ??= await freshTable('alarms');
    return createAlarmClaims({ table: openAuditTable(table), secret });
  }

  it('reads back a claim a bot with the same secret recorded, until it runs out', async () => {
    const claims = await claimsWith('xoxb-one');
    const replica = createAlarmClaims({ table: openAuditTable(table), secret: 'xoxb-one' });
    expect(await claims.delivered('chain-broken#7', NOW)).toBe(false);

    await claims.recordDelivered('chain-broken#7', CLAIM);

    expect(await replica.delivered('chain-broken#7', NOW)).toBe(true);
    expect(await replica.delivered('chain-broken#8', NOW)).toBe(false);
    expect(await replica.delivered('chain-broken#7', new Date(CLAIM.until))).toBe(false);
  });

  it('counts no claim put by a table writer, or by a bot with another secret', async () => {
    const claims = await claimsWith('xoxb-one');
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: {
          ...claimKey,
          entity: { S: 'alarm' },
          alarm: { S: 'chain-broken#7' },
          deliveredAt: { S: CLAIM.at },
          until: { S: '2099-01-01T00:00:00.000Z' },
          proof: { S: 'ab'.repeat(32) },
        },
      }),
    );
    expect(await claims.delivered('chain-broken#7', NOW)).toBe(false);

    await createAlarmClaims({ table: openAuditTable(table), secret: 'xoxb-other' }).recordDelivered(
      'chain-broken#7',
      CLAIM,
    );
    expect(await claims.delivered('chain-broken#7', NOW)).toBe(false);
  });

  it('counts no genuine claim moved to another alarm or given a longer life', async () => {
    const claims = await claimsWith('xoxb-one');
    await claims.recordDelivered('chain-broken#7', CLAIM);
    const { Item: genuine } = await table.client.send(
      new GetItemCommand({ TableName: table.tableName, Key: claimKey, ConsistentRead: true }),
    );
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: { ...genuine, PK: { S: 'ALARM#chain-broken#9' }, alarm: { S: 'chain-broken#9' } },
      }),
    );
    expect(await claims.delivered('chain-broken#9', NOW)).toBe(false);

    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: claimKey,
        UpdateExpression: 'SET #until = :until',
        ExpressionAttributeNames: { '#until': 'until' },
        ExpressionAttributeValues: { ':until': { S: '2099-01-01T00:00:00.000Z' } },
      }),
    );
    expect(await claims.delivered('chain-broken#7', new Date('2026-11-29T00:00:00.000Z'))).toBe(false);
  });

  it('replaces a claim someone else put there with its own, marked to expire with the table’s TTL', async () => {
    const claims = await claimsWith('xoxb-one');
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: { ...claimKey, entity: { S: 'alarm' }, alarm: { S: 'chain-broken#7' }, at: { S: CLAIM.at } },
      }),
    );

    await claims.recordDelivered('chain-broken#7', CLAIM);

    expect(await claims.delivered('chain-broken#7', NOW)).toBe(true);
    const { Item: item } = await table.client.send(
      new GetItemCommand({ TableName: table.tableName, Key: claimKey, ConsistentRead: true }),
    );
    expect(item?.expiresAtEpoch).toEqual({ N: String(Date.parse(CLAIM.until) / 1000) });
  });
});
