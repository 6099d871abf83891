import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EnrolmentStage, FollowedEnrolment } from '../domain/enrolment.js';
import { ResetError, toResetError } from '../domain/errors.js';
import type { ResetRequest } from '../domain/request.js';
import type { Enrolments } from '../services/ports.js';
import type { ConditionalItem } from './chain-write.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { recordsOfEvents } from './event-records.js';
import { enrolmentKey, enrolmentPartition, ttlAttribute } from './table-layout.js';

/**
 * How long a followed enrolment is kept at most: longer than the longest `requests.enrolWithinHours`
 * (a week), so that only a follow-through nobody ran (turned off) is ever removed by time.
 */
const FOLLOW_KEPT_MS = 14 * 24 * 60 * 60_000;

const stages: ReadonlySet<string> = new Set<EnrolmentStage>(['watching', 'reminded']);

function enrolmentItem(followed: FollowedEnrolment): Record<string, unknown> {
  return {
    ...enrolmentKey(followed.completedAt, followed.requestId),
    entity: 'enrolment',
    requestId: followed.requestId,
    iamUserName: followed.iamUserName,
    completedAt: followed.completedAt,
    stage: followed.stage,
    [ttlAttribute]: Math.ceil((Date.parse(followed.completedAt) + FOLLOW_KEPT_MS) / 1000),
  };
}

/**
 * The item that starts following a request's IAM user, put in the write that makes it COMPLETED
 * (store/requests.ts): a crash after that write cannot leave a completed reset unfollowed.
 */
export function followItem(completed: ResetRequest): ConditionalItem {
  return {
    action: 'put',
    item: enrolmentItem({
      requestId: completed.id,
      iamUserName: completed.target.iamUserName,
      completedAt: completed.updatedAt,
      stage: 'watching',
    }),
    condition: 'attribute_not_exists(PK)',
    // Already followed (a write tried again): the one there stays.
    whenConditionFails: 'leave-out',
  };
}

function toFollowed(item: Record<string, unknown>, nowEpoch: number): FollowedEnrolment | undefined {
  const { requestId, iamUserName, completedAt, stage } = item;
  const expires = item[ttlAttribute];
  if (typeof expires === 'number' && expires <= nowEpoch) return undefined;
  if (typeof requestId !== 'string' || typeof iamUserName !== 'string') return undefined;
  if (typeof completedAt !== 'string' || Number.isNaN(Date.parse(completedAt))) return undefined;
  if (typeof stage !== 'string' || !stages.has(stage)) return undefined;
  return { requestId, iamUserName, completedAt, stage: stage as EnrolmentStage };
}

/** The `Enrolments` port: one small partition, read oldest first; every step conditioned on the stage read. */
export function createEnrolments(context: StoreContext): Enrolments {
  async function followed(limit: number): Promise<FollowedEnrolment[]> {
    const nowEpoch = Math.floor(Date.now() / 1000);
    const found: FollowedEnrolment[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const output = await context.documents.send(
          new QueryCommand({
            TableName: context.tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': enrolmentPartition },
            ConsistentRead: true,
            Limit: limit - found.length,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of output.Items ?? []) {
          const read = toFollowed(item, nowEpoch);
          if (read === undefined) context.logger.warn({ SK: item.SK }, 'unreadable enrolment item skipped');
          else found.push(read);
        }
        startKey = output.LastEvaluatedKey;
      } while (startKey !== undefined && found.length < limit);
    } catch (error) {
      throw storeUnavailable(error, 'list the followed enrolments');
    }
    return found;
  }

  const advance: Enrolments['advance'] = async (read, to, events) => {
    const condition = {
      condition: 'stage = :stage',
      values: { ':stage': read.stage },
      whenConditionFails: {
        refuse: new ResetError('REQUEST_ALREADY_HANDLED', `Enrolment of ${read.requestId} moved on.`, {
          details: { requestId: read.requestId },
        }),
      },
    };
    const item: ConditionalItem =
      to === 'settled'
        ? { action: 'delete', item: enrolmentKey(read.completedAt, read.requestId), ...condition }
        : { action: 'put', item: enrolmentItem({ ...read, stage: to }), ...condition };
    try {
      return await context.chainWriter.write({ items: [item], drafts: events, ...recordsOfEvents(events) });
    } catch (error) {
      if (toResetError(error).code === 'REQUEST_ALREADY_HANDLED') return undefined;
      throw error;
    }
  };

  return { followed, advance };
}
