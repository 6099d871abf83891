import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import type { Item } from './items.js';

/** One item, read consistently; `operation` names what failed if the store cannot be read. */
export async function getItem(
  context: StoreContext,
  key: { PK: string; SK: string },
  operation: string,
): Promise<Item | undefined> {
  try {
    const { Item: item } = await context.documents.send(
      new GetCommand({ TableName: context.tableName, Key: key, ConsistentRead: true }),
    );
    return item;
  } catch (error) {
    throw storeUnavailable(error, operation);
  }
}
