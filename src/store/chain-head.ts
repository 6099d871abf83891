import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditTable } from './audit-table.js';
import { storeUnavailable } from './errors.js';
import { emptyChain } from './hash-chain.js';
import { itemToChainHead, type StoredChainHead } from './items.js';
import { chainHeadKey } from './table-layout.js';

/** The chain's head as stored, read consistently; the empty chain when nothing was written yet. */
export async function readChainHead(
  table: Pick<AuditTable, 'documents' | 'tableName'>,
): Promise<StoredChainHead> {
  try {
    const { Item: item } = await table.documents.send(
      new GetCommand({ TableName: table.tableName, Key: chainHeadKey, ConsistentRead: true }),
    );
    return item === undefined ? emptyChain : itemToChainHead(item);
  } catch (error) {
    throw storeUnavailable(error, 'read the audit chain head');
  }
}
