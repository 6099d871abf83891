export { type AlarmClaimsOptions, createAlarmClaims } from './alarm-claims.js';
export {
  type AuditTable,
  type AuditTableOptions,
  defaultClientConfig,
  openAuditTable,
} from './audit-table.js';
export type { ChainAnchorCheck } from './chain-segments.js';
export { MAX_TRANSACTION_ITEMS } from './chain-write.js';
export {
  type ChainRetryPolicy,
  defaultChainRetry,
  GroupCommit,
  type GroupCommitOptions,
} from './chain-writer.js';
export { type CreateTableOptions, createTable } from './create-table.js';
export { createDynamoStore, type DynamoStore, type DynamoStoreOptions } from './dynamo-store.js';
export { canonicalJson, GENESIS_HASH } from './hash-chain.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './queries.js';
export { silentLogger } from './silent-logger.js';
export { indexKeys, indexNames } from './table-layout.js';
export { type ChainVerification, verifyAuditChain } from './verify.js';
