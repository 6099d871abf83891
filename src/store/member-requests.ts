import type { ResetRequest } from '../domain/request.js';
import type { StoreContext } from './context.js';
import { queryRequests } from './requests.js';
import { partitions } from './table-layout.js';

/**
 * The requests other members made for this one (help-desk requests), newest first: request items
 * carry the member they are for in the byTarget index when it is not their requester.
 */
export async function listRequestsForMember(
  context: StoreContext,
  slackUserId: string,
  limit: number,
): Promise<ResetRequest[]> {
  return queryRequests(context, {
    index: 'byTarget',
    partition: partitions.requestedFor(slackUserId),
    limit,
    newestFirst: true,
  });
}
