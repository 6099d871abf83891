import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChainPosition, ChainWatchState } from '../services/ports.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { chainWatchKey } from './table-layout.js';

/**
 * The chain watchers' shared state: one small item (CHAIN / WATCH) with the last event verified
 * intact, written with a condition, so that replicas running the watcher at once never move the
 * checkpoint backwards. (Alarm claims: alarm-claims.ts.)
 */

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

export async function readWatchState(context: StoreContext): Promise<ChainWatchState> {
  try {
    const { Item: item } = await context.documents.send(
      new GetCommand({ TableName: context.tableName, Key: chainWatchKey, ConsistentRead: true }),
    );
    if (item === undefined) return {};
    const { verifiedSeq, verifiedHash, verifiedAt, recheckFrom, brokenSeq, brokenProblem } = item;
    return {
      ...(typeof brokenSeq === 'number' && typeof brokenProblem === 'string' && typeof verifiedAt === 'string'
        ? { broken: { seq: brokenSeq, problem: brokenProblem, at: verifiedAt } }
        : {}),
      ...(typeof verifiedSeq === 'number' &&
      typeof verifiedHash === 'string' &&
      typeof verifiedAt === 'string'
        ? { verified: { seq: verifiedSeq, hash: verifiedHash, at: verifiedAt } }
        : {}),
      ...(typeof recheckFrom === 'number' ? { recheckFrom } : {}),
    };
  } catch (error) {
    throw storeUnavailable(error, 'read the chain watch state');
  }
}

/**
 * Sets the checkpoint unless another watcher already got further; equal means "confirmed again".
 * The break found by this check, if any, is set with it; a check without one clears it. A whole
 * conditional Put, so the bot needs no write beyond PutItem.
 */
export async function recordVerified(
  context: StoreContext,
  checkpoint: ChainPosition & {
    readonly at: string;
    readonly recheckFrom: number;
    readonly broken?: { readonly seq: number; readonly problem: string };
  },
): Promise<boolean> {
  const { broken } = checkpoint;
  try {
    await context.documents.send(
      new PutCommand({
        TableName: context.tableName,
        Item: {
          ...chainWatchKey,
          entity: 'chainWatch',
          verifiedSeq: checkpoint.seq,
          verifiedHash: checkpoint.hash,
          verifiedAt: checkpoint.at,
          recheckFrom: checkpoint.recheckFrom,
          ...(broken === undefined ? {} : { brokenSeq: broken.seq, brokenProblem: broken.problem }),
        },
        ConditionExpression: 'attribute_not_exists(verifiedSeq) OR verifiedSeq <= :seq',
        ExpressionAttributeValues: { ':seq': checkpoint.seq },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw storeUnavailable(error, 'record the verified chain position');
  }
}
