import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MemberDm } from '../domain/request.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { requestKey } from './table-layout.js';

/**
 * Where the DMs about a pending request are: set on the request's item without a new version, so
 * that no decision being made on it loses its race to this (one written from an earlier read puts
 * the item back without them: those DMs then keep their button, as before). A request no longer
 * pending is left as it is.
 */
export async function rememberMemberDms(
  context: StoreContext,
  requestId: string,
  dms: readonly MemberDm[],
): Promise<void> {
  try {
    await context.documents.send(
      new UpdateCommand({
        TableName: context.tableName,
        Key: requestKey(requestId),
        UpdateExpression: 'SET memberDms = :dms',
        ConditionExpression: 'attribute_exists(PK) AND #state = :pending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':dms': dms, ':pending': 'PENDING' },
      }),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
    throw storeUnavailable(error, 'remember where the DMs about a request are');
  }
}
