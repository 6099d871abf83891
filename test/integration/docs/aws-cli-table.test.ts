import { spawnSync } from 'node:child_process';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../../sandbox/dynamodb-local.js';
import { tableDefinition } from '../../../src/store/create-table.js';
import { ttlAttribute } from '../../../src/store/table-layout.js';
import { documentedCommand, documentedCommandStartingWith, runDocumented } from './documented-commands.js';

/**
 * The AWS CLI steps of docs/aws-setup.md that make the audit table, run exactly as written against
 * a DynamoDB Local of their own (they name the table mfa-reset-audit, which other tests may use),
 * and the table they make compared with the one `table create` makes. They need the AWS CLI, which
 * is not a dependency of the project: without it they are skipped, with this note.
 */

const doc = 'docs/aws-setup.md';
const hasAwsCli = spawnSync('aws', ['--version']).status === 0;
let dynamoDb: RunningDynamoDbLocal;
let env: Record<string, string>;

beforeAll(async () => {
  if (!hasAwsCli) return;
  dynamoDb = await startDynamoDbLocal({ loopbackOnly: true });
  env = {
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
  };
});

afterAll(async () => {
  await dynamoDb?.stop();
});

describe.skipIf(!hasAwsCli)('the audit table by hand with the AWS CLI (skipped: no `aws` installed)', () => {
  it('makes, with the commands the doc shows, the table `table create` makes', async () => {
    const steps = [
      documentedCommandStartingWith(
        doc,
        'aws dynamodb create-table --table-name mfa-reset-audit --billing-mode PAY_PER_REQUEST',
      ),
      documentedCommand(doc, 'aws dynamodb wait table-exists --table-name mfa-reset-audit'),
      documentedCommandStartingWith(doc, 'aws dynamodb update-time-to-live --table-name mfa-reset-audit'),
      documentedCommand(
        doc,
        'aws dynamodb update-table --table-name mfa-reset-audit --deletion-protection-enabled',
      ),
    ];
    for (const step of steps) expect(await runDocumented(step, { env })).toMatchObject({ code: 0 });

    const client = new DynamoDBClient({
      endpoint: dynamoDb.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const { Table: table } = await client.send(new DescribeTableCommand({ TableName: 'mfa-reset-audit' }));
      const expected = tableDefinition('mfa-reset-audit');
      const byName = <T extends { AttributeName?: string; IndexName?: string }>(items: T[] = []) =>
        [...items].sort((a, b) =>
          String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName)),
        );
      expect(table?.KeySchema).toEqual(expected.KeySchema);
      expect(byName(table?.AttributeDefinitions)).toEqual(byName(expected.AttributeDefinitions));
      expect(
        byName(table?.GlobalSecondaryIndexes).map(({ IndexName, KeySchema, Projection }) => ({
          IndexName,
          KeySchema,
          Projection,
        })),
      ).toEqual(
        byName(expected.GlobalSecondaryIndexes).map(({ IndexName, KeySchema, Projection }) => ({
          IndexName,
          KeySchema,
          Projection,
        })),
      );
      expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table?.StreamSpecification).toMatchObject({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
      expect(table?.DeletionProtectionEnabled).toBe(true);
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: 'mfa-reset-audit' }));
      expect(ttl.TimeToLiveDescription).toMatchObject({
        AttributeName: ttlAttribute,
        TimeToLiveStatus: 'ENABLED',
      });
    } finally {
      client.destroy();
    }
  }, 120_000);
});
