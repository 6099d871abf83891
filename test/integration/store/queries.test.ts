import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src/domain/audit.js';
import { amend, transition } from '../../../src/domain/request.js';
import type { AuditQuery } from '../../../src/services/ports.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { anEvent, createdEvent, freshTable, recordCommands, type TestTable } from './fixtures.js';

let table: TestTable;
const request = aRequest({ createdAt: '2026-11-27T10:00:00.000Z' }, { unique: true });

beforeAll(async () => {
  table = await freshTable('queries');
  // Forty unrelated events early on 27 November, so that reading more than the result would show.
  await table.store.appendAudit(
    Array.from({ length: 40 }, (_, i) =>
      anEvent({
        type: 'REQUEST_REFUSED',
        at: `2026-11-27T0${i % 8}:${String(i).padStart(2, '0')}:00.000Z`,
        requestId: `noise-${i}`,
        actor: { kind: 'member', slackUserId: 'U0NOISE' },
        target: { iamUserName: `noise-user-${i % 5}` },
        outcome: 'refused',
      }),
    ),
  );
  await table.store.insertRequest(request, [createdEvent(request)]);
  const at = (iso: string) => new Date(iso);
  const approved = amend(request, at('2026-11-27T10:05:00.000Z'), {
    approvals: [{ slackUserId: 'U0BOB', at: '2026-11-27T10:05:00.000Z' }],
  });
  await table.store.updateRequest(request, approved, [
    anEvent({
      type: 'APPROVAL_RECORDED',
      requestId: request.id,
      at: '2026-11-27T10:05:00.000Z',
      actor: { kind: 'member', slackUserId: 'U0BOB' },
    }),
    anEvent({
      type: 'REQUEST_APPROVED',
      requestId: request.id,
      at: '2026-11-27T10:05:00.000Z',
      actor: { kind: 'member', slackUserId: 'U0BOB' },
    }),
  ]);
  const executing = transition(approved, 'EXECUTING', at('2026-11-28T09:00:00.000Z'));
  await table.store.updateRequest(approved, executing, [
    anEvent({
      type: 'EXECUTION_STARTED',
      requestId: request.id,
      at: '2026-11-28T09:00:00.000Z',
      actor: { kind: 'bot' },
    }),
  ]);
  await table.store.updateRequest(
    executing,
    transition(executing, 'COMPLETED', at('2026-11-28T09:01:00.000Z')),
    [
      anEvent({
        type: 'REQUEST_COMPLETED',
        requestId: request.id,
        at: '2026-11-28T09:01:00.000Z',
        actor: { kind: 'bot' },
      }),
    ],
  );
  // Carol's refusals, with no request, on days around it; nothing at all on 30 November and 1 December.
  for (const at of [
    '2026-11-25T12:00:00.000Z',
    '2026-11-26T12:00:00+00:00',
    '2026-11-29T12:00:00.000Z',
    '2026-12-02T08:00:00.000Z',
  ]) {
    await table.store.appendAudit([
      anEvent({
        type: 'REQUEST_REFUSED',
        at,
        actor: { kind: 'member', slackUserId: 'U0CAROL' },
        target: { iamUserName: 'carol' },
        outcome: 'refused',
      }),
    ]);
  }
});
afterAll(() => table.client.destroy());

/** Follows the cursor to the end, returning the pages. */
async function allPages(query: AuditQuery): Promise<AuditEvent[][]> {
  const pages: AuditEvent[][] = [];
  let cursor: string | undefined;
  do {
    const page = await table.store.queryAudit({ ...query, ...(cursor === undefined ? {} : { cursor }) });
    pages.push([...page.events]);
    cursor = page.cursor;
  } while (cursor !== undefined && pages.length < 100);
  return pages;
}

describe('DynamoDB store: audit queries', () => {
  it('returns the events of one request, oldest first, page by page', async () => {
    const pages = await allPages({ by: 'request', requestId: request.id, limit: 2 });

    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((e) => e.type)).toEqual([
      'REQUEST_CREATED',
      'APPROVAL_RECORDED',
      'REQUEST_APPROVED',
      'EXECUTION_STARTED',
      'REQUEST_COMPLETED',
    ]);
  });

  it('returns the events about one IAM user within inclusive time bounds', async () => {
    const { events, cursor } = await table.store.queryAudit({
      by: 'target',
      iamUserName: 'carol',
      from: '2026-11-26T12:00:00.000Z',
      to: '2026-11-29T12:00:00.000Z',
    });

    expect(events.map((e) => e.at)).toEqual(['2026-11-26T12:00:00+00:00', '2026-11-29T12:00:00.000Z']);
    expect(cursor).toBeUndefined();
  });

  it('returns the events one Slack member caused', async () => {
    const pages = await allPages({ by: 'actor', slackUserId: 'U0BOB', limit: 1 });

    expect(pages.flat().map((e) => e.type)).toEqual(['APPROVAL_RECORDED', 'REQUEST_APPROVED']);
    expect(pages.flat().every((e) => e.requestId === request.id)).toBe(true);
  });

  it('returns events by time across day partitions, skipping empty days, with paging', async () => {
    const pages = await allPages({
      by: 'time',
      from: '2026-11-27T09:00:00.000Z',
      to: '2026-12-02T23:59:59.999Z',
      limit: 3,
    });

    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((e) => e.at.slice(0, 16))).toEqual([
      '2026-11-27T10:00',
      '2026-11-27T10:05',
      '2026-11-27T10:05',
      '2026-11-28T09:00',
      '2026-11-28T09:01',
      '2026-11-29T12:00',
      '2026-12-02T08:00',
    ]);
  });

  it('returns every event by time when no bounds are given', async () => {
    const events = (await allPages({ by: 'time', limit: 20 })).flat();

    expect(events).toHaveLength(49);
    expect(new Set(events.map((e) => e.seq)).size).toBe(49);
  });

  it.each<[string, AuditQuery]>([
    ['request', { by: 'request', requestId: request.id, limit: 2 }],
    ['target', { by: 'target', iamUserName: 'carol', limit: 2 }],
    ['actor', { by: 'actor', slackUserId: 'U0CAROL', limit: 2 }],
    ['time', { by: 'time', from: '2026-11-27T10:00:00.000Z', to: '2026-11-27T10:30:00.000Z', limit: 2 }],
  ])('reads only what a %s page returns: Query, never Scan', async (_kind, query) => {
    const recorder = recordCommands(table.client);
    try {
      const pages = await allPages(query);
      const returned = pages.flat().length;
      const reads = recorder.commands.filter((c) => c.name !== 'GetItemCommand');

      expect(returned).toBeGreaterThan(0);
      expect(reads.map((c) => c.name)).toEqual(reads.map(() => 'QueryCommand'));
      // At most one look-ahead event per Query beyond the events returned.
      const examined = reads.reduce((sum, c) => sum + (c.scannedCount ?? 0), 0);
      expect(examined).toBeLessThanOrEqual(returned + reads.length);
    } finally {
      recorder.stop();
    }
  });

  it('refuses a cursor that belongs to another kind of query, or is not a cursor', async () => {
    const { cursor } = await table.store.queryAudit({ by: 'request', requestId: request.id, limit: 1 });

    await expect(
      table.store.queryAudit({ by: 'actor', slackUserId: 'U0BOB', cursor: cursor ?? '' }),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(table.store.queryAudit({ by: 'time', cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });

  it('refuses a time bound that is not a time, an empty range, and a page size out of range', async () => {
    await expect(table.store.queryAudit({ by: 'time', from: 'yesterday' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(
      table.store.queryAudit({ by: 'time', from: '2026-11-28T00:00:00Z', to: '2026-11-27T00:00:00Z' }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(table.store.queryAudit({ by: 'time', limit: 0 })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});
