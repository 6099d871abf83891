import type { ResetRequest } from '../domain/request.js';
import type { Store } from './ports.js';

/**
 * A member's requests: those they made and those a help-desk member made for them, newest first,
 * at most `limit`. Two index queries of at most `limit` items each.
 */
export async function requestsOfMember(
  deps: { store: Store },
  slackUserId: string,
  limit: number,
): Promise<ResetRequest[]> {
  const [made, madeForThem] = await Promise.all([
    deps.store.listRequestsByRequester(slackUserId, limit),
    deps.store.listRequestsForMember(slackUserId, limit),
  ]);
  const byId = new Map([...made, ...madeForThem].map((request) => [request.id, request]));
  return [...byId.values()]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
    .slice(0, limit);
}

/** `/mfa-reset status`: the member's requests, as requester or as the member one is for. */
export function createMemberRequests(deps: { store: Store }) {
  return { of: (slackUserId: string, limit: number) => requestsOfMember(deps, slackUserId, limit) };
}

export type MemberRequests = ReturnType<typeof createMemberRequests>;
