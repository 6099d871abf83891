import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ResetError } from '../domain/errors.js';
import type { AuditPage, AuditQuery } from '../services/ports.js';
import { readChainHead } from './chain-head.js';
import type { StoreContext } from './context.js';
import { decodeCursor, encodeCursor, type PageKey } from './cursor.js';
import { storeUnavailable } from './errors.js';
import { type Item, itemToEvent } from './items.js';
import { isServableEvent, keysOf } from './served-items.js';
import {
  dayPartition,
  type IndexName,
  indexKeys,
  normaliseTime,
  partitions,
  timeUpperBound,
} from './table-layout.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Inclusive time bounds, normalised so that string order is time order. */
interface TimeBounds {
  readonly from?: string;
  readonly to?: string;
}

/**
 * Audit events, oldest first, one page at a time. Every read is a key-bounded Query on an index,
 * so a page costs what it returns (plus one look-ahead event to know whether there is a next page,
 * and one read of the chain head), whatever the size of the table. Only chained events are served
 * (`isServableEvent`): an item planted with an index's keys is skipped, and logged.
 */
export async function queryAudit(context: StoreContext, query: AuditQuery): Promise<AuditPage> {
  const limit = pageSize(query.limit);
  const bounds = timeBounds(query);
  const newestFirst = query.newestFirst ?? false;
  const startKey = query.cursor === undefined ? undefined : decodeCursor(query.by, query.cursor, newestFirst);
  const read = {
    bounds,
    newestFirst,
    want: limit + 1,
    head: {},
    ...(startKey === undefined ? {} : { startKey }),
  };
  try {
    const { index, items } =
      query.by === 'time'
        ? await walkDays(context, read)
        : await queryIndex(context, { ...partitionOf(query), ...read });
    const page = items.slice(0, limit);
    const last = page.at(-1);
    return {
      events: page.map(itemToEvent),
      ...(items.length > limit && last !== undefined
        ? { cursor: encodeCursor(query.by, keyOf(last, index), newestFirst) }
        : {}),
    };
  } catch (error) {
    throw storeUnavailable(error, 'query the audit trail');
  }
}

function partitionOf(query: Exclude<AuditQuery, { by: 'time' }>): { index: IndexName; partition: string } {
  switch (query.by) {
    case 'request':
      return { index: 'byRequest', partition: partitions.request(query.requestId) };
    case 'target':
      return { index: 'byTarget', partition: partitions.target(query.iamUserName) };
    case 'actor':
      return { index: 'byActor', partition: partitions.actor(query.slackUserId) };
  }
}

/** How one page is read: within the bounds, in which order, from where, how many. */
interface PageRead {
  readonly bounds: TimeBounds;
  readonly newestFirst: boolean;
  readonly startKey?: PageKey;
  readonly want: number;
  /** The chain head's seq as last read for this page (read when an item is beyond it). */
  readonly head: { seq?: number };
}

/** Up to `want` events of one index partition within the bounds, following DynamoDB's 1 MB pages. */
async function queryIndex(
  context: StoreContext,
  options: PageRead & { index: IndexName; partition: string },
): Promise<{ index: IndexName; items: Item[] }> {
  const { pk, sk } = indexKeys[options.index];
  const { from, to } = options.bounds;
  const range =
    from !== undefined && to !== undefined
      ? ' AND #sk BETWEEN :from AND :to'
      : from !== undefined
        ? ' AND #sk >= :from'
        : to !== undefined
          ? ' AND #sk <= :to'
          : '';
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined = options.startKey;
  do {
    const output = await context.documents.send(
      new QueryCommand({
        TableName: context.tableName,
        IndexName: options.index,
        KeyConditionExpression: `#pk = :pk${range}`,
        ExpressionAttributeNames: range === '' ? { '#pk': pk } : { '#pk': pk, '#sk': sk },
        ExpressionAttributeValues: {
          ':pk': options.partition,
          ...(from === undefined ? {} : { ':from': from }),
          ...(to === undefined ? {} : { ':to': timeUpperBound(to) }),
        },
        ScanIndexForward: !options.newestFirst,
        Limit: options.want - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(await servedEvents(context, (output.Items ?? []) as Item[], options.head)));
    startKey = output.LastEvaluatedKey;
  } while (startKey !== undefined && items.length < options.want);
  return { index: options.index, items };
}

/**
 * The chained events among `items`. The head is read after the items (again if one is beyond the
 * head last read): every event the index returns was written with a head at or past its seq.
 */
async function servedEvents(context: StoreContext, items: Item[], head: { seq?: number }): Promise<Item[]> {
  const highest = Math.max(0, ...items.map((item) => (typeof item.seq === 'number' ? item.seq : 0)));
  if (items.length > 0 && (head.seq === undefined || highest > head.seq)) {
    head.seq = (await readChainHead(context)).seq;
  }
  const served = items.filter((item) => isServableEvent(item, head.seq ?? 0));
  if (served.length < items.length) {
    const skipped = keysOf(items.filter((item) => !served.includes(item)));
    context.logger.warn({ skipped }, 'audit query skipped index items that are not chained events');
  }
  return served;
}

/**
 * Time queries walk the day partitions between the bounds, clamped to the days the chain head
 * says hold events (backwards for newest first), so an open-ended query costs one Query per day in
 * range, not a scan.
 */
async function walkDays(
  context: StoreContext,
  options: PageRead,
): Promise<{ index: IndexName; items: Item[] }> {
  const head = await readChainHead(context);
  options.head.seq = head.seq;
  const items: Item[] = [];
  if (head.earliestDay === undefined || head.latestDay === undefined) return { index: 'byDay', items };
  const { startKey: cursorKey, ...read } = options;
  const resumeDay = cursorKey?.byDayPK?.slice('DAY#'.length);
  if (resumeDay !== undefined && shiftDay(resumeDay, 0) !== resumeDay) {
    throw new ResetError('INPUT_INVALID', 'That page cursor is not valid for this audit query.');
  }
  const firstDay = [options.bounds.from?.slice(0, 10) ?? '', head.earliestDay].sort().at(-1)!;
  const lastDay = [options.bounds.to?.slice(0, 10) ?? '9999-12-31', head.latestDay].sort()[0]!;
  const step = options.newestFirst ? -1 : 1;
  let startKey = cursorKey;
  let day = resumeDay ?? (options.newestFirst ? lastDay : firstDay);
  for (; day >= firstDay && day <= lastDay; day = shiftDay(day, step)) {
    const { items: found } = await queryIndex(context, {
      ...read,
      index: 'byDay',
      partition: dayPartition(day),
      ...(startKey === undefined ? {} : { startKey }),
      want: options.want - items.length,
    });
    items.push(...found);
    startKey = undefined;
    if (items.length >= options.want) break;
  }
  return { index: 'byDay', items };
}

/** The day `days` after `day` (yyyy-mm-dd, UTC); an invalid day gives ''. */
function shiftDay(day: string, days: number): string {
  const time = Date.parse(`${day}T00:00:00.000Z`);
  return Number.isNaN(time) ? '' : new Date(time + days * 86_400_000).toISOString().slice(0, 10);
}

/** The ExclusiveStartKey that resumes a query on `index` just after `item`. */
function keyOf(item: Item, index: IndexName): PageKey {
  const { pk, sk } = indexKeys[index];
  return {
    PK: String(item.PK),
    SK: String(item.SK),
    [pk]: String(item[pk]),
    [sk]: String(item[sk]),
  };
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ResetError(
      'INPUT_INVALID',
      `The page size must be a whole number from 1 to ${MAX_PAGE_SIZE}.`,
      {
        details: { limit },
      },
    );
  }
  return limit;
}

function timeBounds(query: AuditQuery): TimeBounds {
  const from = boundOf('from', query.from);
  const to = boundOf('to', query.to);
  if (from !== undefined && to !== undefined && from > to) {
    throw new ResetError('INPUT_INVALID', `The time range is empty: ${query.from} is after ${query.to}.`);
  }
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

function boundOf(name: 'from' | 'to', value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const normalised = normaliseTime(value);
  if (normalised === undefined) {
    throw new ResetError('INPUT_INVALID', `"${value}" is not an ISO-8601 time (${name}).`, {
      details: { [name]: value },
    });
  }
  return normalised;
}
