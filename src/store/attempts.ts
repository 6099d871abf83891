import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TokenAttempts } from '../services/ports.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { attemptsKey } from './table-layout.js';

/**
 * The `TokenAttempts` port: one counter item per request, changed only with UpdateItem ADD, so
 * that concurrent attempts never read-modify-write over each other. `reserved` counts wrong codes
 * plus codes in flight, `wrong` the codes AWS rejected.
 */
export function createTokenAttempts(context: StoreContext): TokenAttempts {
  async function add(
    requestId: string,
    change: { attribute: 'reserved' | 'wrong'; by: number; max?: number },
  ): Promise<number | undefined> {
    try {
      const output = await context.documents.send(
        new UpdateCommand({
          TableName: context.tableName,
          Key: attemptsKey(requestId),
          UpdateExpression: 'SET entity = :entity, requestId = :requestId ADD #count :by',
          ...(change.max === undefined
            ? {}
            : { ConditionExpression: 'attribute_not_exists(#count) OR #count < :max' }),
          ExpressionAttributeNames: { '#count': change.attribute },
          ExpressionAttributeValues: {
            ':entity': 'attempts',
            ':requestId': requestId,
            ':by': change.by,
            ...(change.max === undefined ? {} : { ':max': change.max }),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const count: unknown = output.Attributes?.[change.attribute];
      return typeof count === 'number' ? count : undefined;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
      throw storeUnavailable(error, 'count a code attempt');
    }
  }

  return {
    reserve: async (requestId, max) =>
      (await add(requestId, { attribute: 'reserved', by: 1, max })) !== undefined,
    release: async (requestId) => {
      await add(requestId, { attribute: 'reserved', by: -1 });
    },
    recordWrong: async (requestId) => (await add(requestId, { attribute: 'wrong', by: 1 })) ?? 0,
  };
}
