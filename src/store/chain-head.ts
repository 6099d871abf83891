import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { emptyChain } from './hash-chain.js';
import { itemToChainHead, type StoredChainHead } from './items.js';
import { chainHeadKey } from './table-layout.js';

/** The chain's head as stored now (a consistent read), or the empty chain before the first event. */
export async function readChainHead(context: StoreContext): Promise<StoredChainHead> {
  try {
    const { Item: item } = await context.documents.send(
      new GetCommand({ TableName: context.tableName, Key: chainHeadKey, ConsistentRead: true }),
    );
    return item === undefined ? emptyChain : itemToChainHead(item);
  } catch (error) {
    throw storeUnavailable(error, 'read the audit chain head');
  }
}
