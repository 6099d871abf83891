import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '../services/ports.js';
import type { GroupCommit } from './chain-writer.js';

/** What the store's operations share: the client, the table, the chain's writer and the logger. */
export interface StoreContext {
  /** The one client every item is read and written through; it marshals plain JavaScript values itself. */
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  /** This process's one writer of the audit chain: every append goes through it. */
  readonly chainWriter: GroupCommit;
  readonly logger: Logger;
}
