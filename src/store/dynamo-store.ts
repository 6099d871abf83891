import type {
  AnchoredChain,
  AuditChain,
  Deliveries,
  DeviceLockouts,
  Enrolments,
  Logger,
  Reminders,
  Store,
  TokenAttempts,
} from '../services/ports.js';
import { recordedApprovalsOf } from './approval-records.js';
import { createTokenAttempts } from './attempts.js';
import type { AuditTable } from './audit-table.js';
import { readChainHead } from './chain-head.js';
import { anchorProblem, type ChainAnchorCheck, eventsBySeq, recheck, verifyAfter } from './chain-segments.js';
import { readWatchState, recordVerified } from './chain-watch.js';
import type { GroupCommit } from './chain-writer.js';
import { chainedCodesOf } from './code-records.js';
import type { StoreContext } from './context.js';
import { createTable } from './create-table.js';
import { creationRecordOf } from './creation-record.js';
import { createDeliveries } from './deliveries.js';
import { createEnrolments } from './enrolments.js';
import { storeUnavailable } from './errors.js';
import { recordsOfEvents } from './event-records.js';
import { createDeviceLockouts } from './lockouts.js';
import { rememberMemberDms } from './member-dms.js';
import { listRequestsForMember } from './member-requests.js';
import { queryAudit } from './queries.js';
import { createReminders } from './reminders.js';
import {
  getRequest,
  insertRequest,
  listRequestsByRequester,
  listRequestsByState,
  openRequestFor,
  updateRequest,
} from './requests.js';
import { silentLogger } from './silent-logger.js';
import { type ChainVerification, verifyAuditChain } from './verify.js';

export interface DynamoStoreOptions {
  /** The table, opened by whoever puts the process together; they close it. */
  readonly table: AuditTable;
  /**
   * The process's one writer of the audit chain (decision 011), built beside the table and handed
   * in, so that every store of the process writes through it.
   */
  readonly chainWriter: GroupCommit;
  readonly logger?: Logger;
}

/** The `Store` and `AuditChain` ports (and the other ports kept in the same table) plus the table's administration. */
export interface DynamoStore extends Store, AuditChain, AnchoredChain {
  readonly tableName: string;
  readonly attempts: TokenAttempts;
  readonly lockouts: DeviceLockouts;
  readonly deliveries: Deliveries;
  readonly reminders: Reminders;
  readonly enrolments: Enrolments;
  /** The id of the open request that holds this IAM user's lock, if any: what the conditional write of a new request checks. */
  openRequestFor(iamUserName: string): Promise<string | undefined>;
  createTable(): Promise<{ created: boolean }>;
  /** The whole chain, and that it agrees with positions noted down outside the table. */
  verifyAuditChain(options?: { readonly anchors?: readonly ChainAnchorCheck[] }): Promise<ChainVerification>;
}

export function createDynamoStore(options: DynamoStoreOptions): DynamoStore {
  const { table, chainWriter } = options;
  const { client, documents, tableName } = table;
  const logger = (options.logger ?? silentLogger).child({ component: 'store', table: tableName });
  const context: StoreContext = { documents, tableName, chainWriter, logger };
  return {
    tableName,
    insertRequest: (request, events) => insertRequest(context, request, events),
    updateRequest: (previous, next, events) => updateRequest(context, previous, next, events),
    getRequest: (id) => getRequest(context, id),
    rememberMemberDms: (requestId, dms) => rememberMemberDms(context, requestId, dms),
    appendAudit: (events) => chainWriter.write({ drafts: events, ...recordsOfEvents(events) }),
    listRequestsByState: (state, limit, listOptions) =>
      listRequestsByState(context, state, limit, listOptions),
    listRequestsByRequester: (slackUserId, limit) => listRequestsByRequester(context, slackUserId, limit),
    listRequestsForMember: (slackUserId, limit) => listRequestsForMember(context, slackUserId, limit),
    queryAudit: (query) => queryAudit(context, query),
    openRequestFor: (iamUserName) => openRequestFor(context, iamUserName),
    creationRecordOf: (requestId) => creationRecordOf(context, requestId),
    recordedApprovalsOf: (requestId, listed) => recordedApprovalsOf(context, requestId, listed),
    chainedCodesOf: (query) => chainedCodesOf(context, query),
    attempts: createTokenAttempts(context),
    lockouts: createDeviceLockouts(context),
    deliveries: createDeliveries(context),
    reminders: createReminders(context),
    enrolments: createEnrolments(context),
    readWatchState: () => readWatchState(context),
    verifyAfter: (from, verifyOptions) => verifyAfter(context, from, verifyOptions),
    recheck: (fromSeq, count) => recheck(context, fromSeq, count),
    recordVerified: (checkpoint) => recordVerified(context, checkpoint),
    readHead: async () => {
      const { seq, hash } = await readChainHead(context);
      return { seq, hash };
    },
    hashesAt: (seqs) => hashesAt(context, seqs),
    createTable: () => createTable({ client, tableName }),
    verifyAuditChain: async (verifyOptions = {}) => {
      const result = await verifyAuditChain({ documents, tableName });
      const anchors = verifyOptions.anchors ?? [];
      if (!result.ok || anchors.length === 0) return result;
      const problem = await anchorProblem(context, anchors);
      return problem === undefined ? result : { ...result, ok: false, ...problem };
    },
  };
}

/** The hash each found event stores, for comparing with the anchors. */
async function hashesAt(
  context: StoreContext,
  seqs: readonly number[],
): Promise<ReadonlyMap<number, string>> {
  try {
    const events = await eventsBySeq(context, seqs);
    return new Map(
      [...events].flatMap(([seq, event]) =>
        typeof event.hash === 'string' ? [[seq, event.hash] as const] : [],
      ),
    );
  } catch (error) {
    throw storeUnavailable(error, 'read the anchored events');
  }
}
