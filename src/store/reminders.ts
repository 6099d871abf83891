import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Reminders } from '../services/ports.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { reminderKey, ttlAttribute } from './table-layout.js';

/**
 * The `Reminders` port: one item per reminder of a request, put only if absent. Whichever replica puts it sends the reminder; the others find it there and do not. The
 * request item is not touched, so its version (which approvals are conditioned on) stays as it is.
 */
export function createReminders(context: StoreContext): Reminders {
  async function claim(requestId: string, number: number, until: Date): Promise<boolean> {
    try {
      await context.documents.send(
        new PutCommand({
          TableName: context.tableName,
          Item: {
            ...reminderKey(requestId, number),
            entity: 'reminder',
            requestId,
            reminder: number,
            [ttlAttribute]: Math.ceil(until.getTime() / 1000),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw storeUnavailable(error, 'record a reminder');
    }
  }
  return { claim };
}
