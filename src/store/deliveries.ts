import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Deliveries } from '../services/ports.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { deliveryKey, ttlAttribute } from './table-layout.js';

/**
 * The `Deliveries` port: a conditional put per delivery key, which succeeds only if no claim exists
 * or the one that does has expired (DynamoDB's TTL deletes expired items late, not on time).
 */
export function createDeliveries(context: StoreContext): Deliveries {
  async function claim(key: string, at: { now: Date; until: Date }): Promise<boolean> {
    const digest = createHash('sha256').update(key).digest('hex');
    const nowEpoch = Math.floor(at.now.getTime() / 1000);
    try {
      await context.documents.send(
        new PutCommand({
          TableName: context.tableName,
          Item: {
            ...deliveryKey(digest),
            entity: 'delivery',
            [ttlAttribute]: Math.ceil(at.until.getTime() / 1000),
          },
          ConditionExpression: 'attribute_not_exists(PK) OR #expires < :now',
          ExpressionAttributeNames: { '#expires': ttlAttribute },
          ExpressionAttributeValues: { ':now': nowEpoch },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw storeUnavailable(error, 'record a Slack delivery');
    }
  }
  return { claim };
}
