import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import type { AuditEventDraft } from '../../../src/domain/audit.js';
import type { ResetRequest } from '../../../src/domain/request.js';
import {
  type ChainRetryPolicy,
  createDynamoStore,
  createTable,
  type DynamoStore,
  GroupCommit,
  openAuditTable,
} from '../../../src/store/index.js';

/** A client for the DynamoDB Local the test setup started. */
export function localClient(endpoint: string = inject('dynamoDbEndpoint')): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
}

export interface TestTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly store: DynamoStore;
}

/** The store as one process builds it: its own connection to the table and its own chain writer. */
export function processStore(
  where: { readonly tableName: string; readonly client?: DynamoDBClient },
  options: { readonly retry?: ChainRetryPolicy } = {},
): DynamoStore {
  const table = openAuditTable(where);
  return createDynamoStore({ table, chainWriter: new GroupCommit({ table, ...options }) });
}

/** A new, empty audit table with a unique name, created the way operators create it. */
export async function freshTable(prefix = 'audit'): Promise<TestTable> {
  const client = localClient();
  const tableName = `${prefix}-${randomUUID()}`;
  await createTable({ client, tableName });
  return { client, tableName, store: processStore({ tableName, client }) };
}

let counter = 0;

export function anEvent(overrides: Partial<AuditEventDraft> = {}): AuditEventDraft {
  counter++;
  return {
    eventId: `evt-${counter}-${randomUUID().slice(0, 8)}`,
    type: 'REQUEST_CREATED',
    at: '2026-11-27T10:00:00.000Z',
    actor: { kind: 'member', slackUserId: 'U0ALICE' },
    target: { slackUserId: 'U0ALICE', iamUserName: 'alice' },
    outcome: 'success',
    ...overrides,
  };
}

/** The REQUEST_CREATED event of the request given, recording its facts as the bot does. */
export function createdEvent(
  request: ResetRequest,
  overrides: Partial<AuditEventDraft> = {},
): AuditEventDraft {
  return anEvent({
    requestId: request.id,
    at: request.createdAt,
    actor: { kind: 'member', slackUserId: request.requesterSlackId },
    target: request.target,
    devices: request.devices.map((device) => device.serial),
    deviceKinds: request.devices.map((device) => device.kind),
    reason: request.reason,
    details: { expiresAt: request.expiresAt },
    ...overrides,
  });
}

export interface RecordedCommand {
  readonly name: string;
  readonly scannedCount?: number;
}

/**
 * Records every command sent through `client` (and document clients built on it) with the number
 * of items DynamoDB examined, to prove that queries cost what they return.
 */
export function recordCommands(client: DynamoDBClient): {
  readonly commands: RecordedCommand[];
  stop(): void;
} {
  const commands: RecordedCommand[] = [];
  const name = `record-commands-${randomUUID()}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const output = result.output as { ScannedCount?: number };
      commands.push({ name: context.commandName ?? 'unknown', scannedCount: output.ScannedCount });
      return result;
    },
    { step: 'initialize', name },
  );
  return { commands, stop: () => client.middlewareStack.remove(name) };
}
