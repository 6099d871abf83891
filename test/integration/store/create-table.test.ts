import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createTable, indexNames } from '../../../src/store/index.js';
import { localClient } from './fixtures.js';

const client = localClient();
afterAll(() => client.destroy());

describe('DynamoDB store: table creation', () => {
  it('creates an on-demand table with the indexes the queries use, and waits until it is active', async () => {
    const tableName = `table-${randomUUID()}`;

    expect(await createTable({ client, tableName })).toEqual({ created: true });

    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(table?.TableStatus).toBe('ACTIVE');
    expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(
      Object.values(indexNames).sort(),
    );
    expect(table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
  });

  it('gives an audit table created before streams its stream of new images', async () => {
    const tableName = `table-${randomUUID()}`;
    await createTable({ client, tableName });
    await client.send(
      new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }),
    );
    const before = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(before.Table?.StreamSpecification?.StreamEnabled ?? false).toBe(false);

    expect(await createTable({ client, tableName })).toEqual({ created: false });

    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
  });

  it('accepts a table that already exists', async () => {
    const tableName = `table-${randomUUID()}`;
    await createTable({ client, tableName });

    expect(await createTable({ client, tableName })).toEqual({ created: false });
  });

  it('refuses an existing table that is not an audit table, naming the missing indexes', async () => {
    const tableName = `other-${randomUUID()}`;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );

    await expect(createTable({ client, tableName })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('byRequest'),
    });
  });
});
