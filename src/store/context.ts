import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '../services/ports.js';
import type { StoredChainHead } from './items.js';

/** How hard an append retries when another writer moved the chain head first. */
export interface ChainRetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Enough for a burst of a dozen simultaneous writers (each round lets one through) while still
 * failing within a few seconds if something keeps the head contended.
 */
export const defaultChainRetry: ChainRetryPolicy = { maxAttempts: 20, baseDelayMs: 10, maxDelayMs: 250 };

/** What the store's operations share: the client, the table and how to behave. */
export interface StoreContext {
  /** The one client every item is read and written through; it marshals plain JavaScript values itself. */
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly logger: Logger;
  /** Where each stored audit event is logged as an audit line (see audit-log.ts). */
  readonly auditLog: Logger;
  readonly chainRetry: ChainRetryPolicy;
  /**
   * The chain head as this process last wrote it. Appends start from it instead of reading the
   * head first (one DynamoDB round trip less per write); if another writer moved the head since,
   * the transaction's condition fails and the append re-reads the head and retries.
   */
  readonly knownHead: { current?: StoredChainHead };
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
