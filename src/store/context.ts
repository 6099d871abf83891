import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '../services/ports.js';

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
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly logger: Logger;
  readonly chainRetry: ChainRetryPolicy;
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
