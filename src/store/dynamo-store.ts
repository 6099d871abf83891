import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsCallLimits, clientLimits } from '../aws-limits.js';
import type {
  AuditChain,
  Deliveries,
  DeviceLockouts,
  Logger,
  Reminders,
  Store,
  TokenAttempts,
} from '../services/ports.js';
import { createTokenAttempts } from './attempts.js';
import { anchorProblem, type ChainAnchorCheck, recheck, verifyAfter } from './chain-segments.js';
import { claimAlarm, readWatchState, recordVerified } from './chain-watch.js';
import { writeWithChain } from './chain-writer.js';
import { type ChainRetryPolicy, defaultChainRetry, type StoreContext, silentLogger } from './context.js';
import { createTable } from './create-table.js';
import { creationRecordOf } from './creation-record.js';
import { createDeliveries } from './deliveries.js';
import { createDeviceLockouts } from './lockouts.js';
import { rememberMemberDms } from './member-dms.js';
import { listRequestsForMember } from './member-requests.js';
import { queryAudit } from './queries.js';
import { createReminders } from './reminders.js';
import {
  getRequest,
  insertRequest,
  listRequestsByRequester,
  listRequestsByState,
  openRequestFor,
  updateRequest,
} from './requests.js';
import { type ChainVerification, verifyAuditChain } from './verify.js';

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
  /** Where each stored audit event is logged as one audit line; the store's logger by default. */
  readonly auditLog?: Logger;
  readonly chainRetry?: ChainRetryPolicy;
}

/** The `Store` and `AuditChain` ports (and the other ports kept in the same table) plus the table's administration. */
export interface DynamoStore extends Store, AuditChain {
  readonly tableName: string;
  readonly attempts: TokenAttempts;
  readonly lockouts: DeviceLockouts;
  readonly deliveries: Deliveries;
  readonly reminders: Reminders;
  /** The id of the open request that holds this IAM user's lock, if any: what the conditional write of a new request checks. */
  openRequestFor(iamUserName: string): Promise<string | undefined>;
  createTable(): Promise<{ created: boolean }>;
  /** The whole chain, and that it agrees with positions noted down outside the table. */
  verifyAuditChain(options?: { readonly anchors?: readonly ChainAnchorCheck[] }): Promise<ChainVerification>;
  /** Releases the client's sockets when the store built the client itself. */
  close(): void;
}

export function createDynamoStore(options: DynamoStoreOptions): DynamoStore {
  const client = options.client ?? new DynamoDBClient(defaultClientConfig);
  const logger = (options.logger ?? silentLogger).child({ component: 'store', table: options.tableName });
  const counters = options.client ?? new DynamoDBClient({ ...defaultClientConfig, cacheMiddleware: true });
  const context: StoreContext = {
    documents: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    counters,
    tableName: options.tableName,
    logger,
    auditLog: options.auditLog ?? logger,
    chainRetry: options.chainRetry ?? defaultChainRetry,
    knownHead: {},
  };
  return {
    tableName: options.tableName,
    insertRequest: (request, events) => insertRequest(context, request, events),
    updateRequest: (previous, next, events) => updateRequest(context, previous, next, events),
    getRequest: (id) => getRequest(context, id),
    rememberMemberDms: (requestId, dms) => rememberMemberDms(context, requestId, dms),
    appendAudit: (events) => writeWithChain(context, { drafts: events }),
    listRequestsByState: (state, limit, listOptions) =>
      listRequestsByState(context, state, limit, listOptions),
    listRequestsByRequester: (slackUserId, limit) => listRequestsByRequester(context, slackUserId, limit),
    listRequestsForMember: (slackUserId, limit) => listRequestsForMember(context, slackUserId, limit),
    queryAudit: (query) => queryAudit(context, query),
    openRequestFor: (iamUserName) => openRequestFor(context, iamUserName),
    creationRecordOf: (requestId) => creationRecordOf(context, requestId),
    attempts: createTokenAttempts(context),
    lockouts: createDeviceLockouts(context),
    deliveries: createDeliveries(context),
    reminders: createReminders(context),
    readWatchState: () => readWatchState(context),
    verifyAfter: (from, verifyOptions) => verifyAfter(context, from, verifyOptions),
    recheck: (fromSeq, count) => recheck(context, fromSeq, count),
    recordVerified: (checkpoint) => recordVerified(context, checkpoint),
    claimAlarm: (key, at) => claimAlarm(context, key, at),
    createTable: () => createTable({ client, tableName: options.tableName }),
    verifyAuditChain: async (verifyOptions = {}) => {
      const result = await verifyAuditChain({ client, tableName: options.tableName });
      const anchors = verifyOptions.anchors ?? [];
      if (!result.ok || anchors.length === 0) return result;
      const problem = await anchorProblem(context, anchors);
      return problem === undefined ? result : { ...result, ok: false, ...problem };
    },
    close: () => {
      if (options.client !== undefined) return;
      client.destroy();
      counters.destroy();
    },
  };
}
