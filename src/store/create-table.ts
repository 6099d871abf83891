import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type StreamSpecification,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { ResetError } from '../domain/errors.js';
import { storeUnavailable } from './errors.js';
import { type IndexName, indexKeys, indexNames, ttlAttribute } from './table-layout.js';

export interface CreateTableOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** How long to wait for the table to become ACTIVE. */
  readonly maxWaitSeconds?: number;
}

/**
 * Every write to the table (events, requests) on a DynamoDB Stream with the new image, so a SIEM
 * can follow the trail without reading the table.
 */
export const streamSpecification: StreamSpecification = { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' };

/**
 * Creates the audit table (on-demand billing, the indexes of table-layout.ts, a stream of new
 * images) and waits until it is ACTIVE, then turns on its time to live. Idempotent: an existing
 * table is fine, as long as it has the indexes the store queries; one created by an earlier version
 * is given its stream and its time to live.
 */
export async function createTable(options: CreateTableOptions): Promise<{ created: boolean }> {
  const { client, tableName } = options;
  let created = true;
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) {
      throw storeUnavailable(error, `create table ${tableName}`);
    }
    created = false;
  }
  try {
    await waitUntilTableExists(
      { client, maxWaitTime: options.maxWaitSeconds ?? 120, minDelay: 1, maxDelay: 5 },
      { TableName: tableName },
    );
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    await ensureStream(client, table);
    const present = new Set((table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    const missing = Object.values(indexNames).filter((name) => !present.has(name));
    if (missing.length > 0) {
      throw new ResetError(
        'CONFIG_INVALID',
        `Table ${tableName} exists but lacks the indexes ${missing.join(', ')}: it is not an audit table of this bot.`,
        { details: { tableName, missing: missing.join(',') } },
      );
    }
  } catch (error) {
    throw storeUnavailable(error, `wait for table ${tableName} to become active`);
  }
  await enableTimeToLive(client, tableName);
  return { created };
}

/** Lets DynamoDB delete the items that only matter for a while (deliveries, old lockouts). */
async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const { TimeToLiveDescription: ttl } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    );
    if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') return;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    throw storeUnavailable(error, `turn on time to live for table ${tableName}`);
  }
}

/** Turns the stream on for a table that has none; one with another view type is left as it is. */
async function ensureStream(client: DynamoDBClient, table: TableDescription | undefined): Promise<void> {
  if (table?.TableName === undefined || table.StreamSpecification?.StreamEnabled === true) return;
  await client.send(
    new UpdateTableCommand({ TableName: table.TableName, StreamSpecification: streamSpecification }),
  );
  await waitUntilTableExists(
    { client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
    { TableName: table.TableName },
  );
}

/**
 * The audit table's keys, attributes, indexes and billing, as `table create` creates it; the
 * deployment stack in infra/ builds its table from this too, so the two cannot drift apart.
 */
export function tableDefinition(tableName: string) {
  const keyAttributes = ['PK', 'SK', ...Object.values(indexKeys).flatMap((key) => [key.pk, key.sk])];
  const attributeDefinitions: AttributeDefinition[] = [...new Set(keyAttributes)].map((name) => ({
    AttributeName: name,
    AttributeType: 'S',
  }));
  const globalSecondaryIndexes: GlobalSecondaryIndex[] = (Object.keys(indexKeys) as IndexName[]).map(
    (name) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: indexKeys[name].pk, KeyType: 'HASH' },
        { AttributeName: indexKeys[name].sk, KeyType: 'RANGE' },
      ],
      // Queries return whole events and requests, so the indexes carry every attribute.
      Projection: { ProjectionType: 'ALL' },
    }),
  );
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributeDefinitions,
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' as const },
      { AttributeName: 'SK', KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: globalSecondaryIndexes,
    StreamSpecification: streamSpecification,
  };
}
