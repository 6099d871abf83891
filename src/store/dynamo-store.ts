import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsCallLimits, clientLimits } from '../aws-limits.js';
import type { Deliveries, DeviceLockouts, Logger, Store, TokenAttempts } from '../services/ports.js';
import { createTokenAttempts } from './attempts.js';
import { writeWithChain } from './chain-writer.js';
import { type ChainRetryPolicy, defaultChainRetry, type StoreContext, silentLogger } from './context.js';
import { createTable } from './create-table.js';
import { creationRecordOf } from './creation-record.js';
import { createDeliveries } from './deliveries.js';
import { createDeviceLockouts } from './lockouts.js';
import { queryAudit } from './queries.js';
import { createRequest, getRequest, listRequestsByState, openRequestFor, updateRequest } from './requests.js';
import { type ChainVerification, type VerifyOptions, verifyAuditChain } from './verify.js';

/**
 * No `endpoint` and no credentials here: the SDK's standard chain applies, including
 * `AWS_ENDPOINT_URL_DYNAMODB`. Few attempts and short timeouts (`awsCallLimits.dynamodb`) so that
 * "store down" or "store silent" fails closed within seconds instead of leaving a Slack
 * interaction, the housekeeping sweep or `audit verify` hanging.
 */
export const defaultClientConfig: DynamoDBClientConfig = clientLimits(awsCallLimits.dynamodb);

export interface DynamoStoreOptions {
  /** The audit table, config `audit.table`. */
  readonly tableName: string;
  /** A client to use instead of one built from `defaultClientConfig`; the caller keeps ownership. */
  readonly client?: DynamoDBClient;
  readonly logger?: Logger;
  readonly chainRetry?: ChainRetryPolicy;
}

/** The `Store` port (and the other ports kept in the same table) plus the table's administration. */
export interface DynamoStore extends Store {
  readonly tableName: string;
  readonly attempts: TokenAttempts;
  readonly lockouts: DeviceLockouts;
  readonly deliveries: Deliveries;
  createTable(): Promise<{ created: boolean }>;
  verifyAuditChain(options?: VerifyOptions): Promise<ChainVerification>;
  /** Releases the client's sockets when the store built the client itself. */
  close(): void;
}

export function createDynamoStore(options: DynamoStoreOptions): DynamoStore {
  const client = options.client ?? new DynamoDBClient(defaultClientConfig);
  const counters = options.client ?? new DynamoDBClient({ ...defaultClientConfig, cacheMiddleware: true });
  const context: StoreContext = {
    documents: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    counters,
    tableName: options.tableName,
    logger: (options.logger ?? silentLogger).child({ component: 'store', table: options.tableName }),
    chainRetry: options.chainRetry ?? defaultChainRetry,
    knownHead: {},
  };
  return {
    tableName: options.tableName,
    createRequest: (request, events) => createRequest(context, request, events),
    updateRequest: (previous, next, events) => updateRequest(context, previous, next, events),
    getRequest: (id) => getRequest(context, id),
    appendAudit: (events) => writeWithChain(context, { drafts: events }),
    listRequestsByState: (state, limit) => listRequestsByState(context, state, limit),
    queryAudit: (query) => queryAudit(context, query),
    openRequestFor: (iamUserName) => openRequestFor(context, iamUserName),
    creationRecordOf: (requestId) => creationRecordOf(context, requestId),
    attempts: createTokenAttempts(context),
    lockouts: createDeviceLockouts(context),
    deliveries: createDeliveries(context),
    createTable: () => createTable({ client, tableName: options.tableName }),
    verifyAuditChain: (verify) => verifyAuditChain({ client, tableName: options.tableName, ...verify }),
    close: () => {
      if (options.client !== undefined) return;
      client.destroy();
      counters.destroy();
    },
  };
}
