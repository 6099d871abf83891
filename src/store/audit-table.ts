import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsCallLimits, clientLimits } from '../aws-limits.js';

/**
 * No `endpoint` and no credentials here: the SDK's standard chain applies, including
 * `AWS_ENDPOINT_URL_DYNAMODB`. Few attempts and short timeouts (`awsCallLimits.dynamodb`) so that
 * "store down" or "store silent" fails closed within seconds instead of leaving a Slack
 * interaction, the housekeeping sweep or `audit verify` hanging.
 */
export const defaultClientConfig: DynamoDBClientConfig = clientLimits(awsCallLimits.dynamodb);

/** The audit table and the one client every item of it is read and written through. */
export interface AuditTable {
  readonly tableName: string;
  /** For the table's administration (create, describe, time to live). */
  readonly client: DynamoDBClient;
  /** For every item: it marshals plain JavaScript values itself. */
  readonly documents: DynamoDBDocumentClient;
  /** Releases the client's sockets when the table built the client itself. */
  close(): void;
}

export interface AuditTableOptions {
  /** The audit table, config `audit.table`. */
  readonly tableName: string;
  /** A client to use instead of one built from `defaultClientConfig`; the caller keeps ownership. */
  readonly client?: DynamoDBClient;
}

export function openAuditTable(options: AuditTableOptions): AuditTable {
  const client = options.client ?? new DynamoDBClient(defaultClientConfig);
  return {
    tableName: options.tableName,
    client,
    // Optional fields of the domain's objects are left out of the item, not stored as NULL.
    documents: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    close: () => {
      if (options.client === undefined) client.destroy();
    },
  };
}
