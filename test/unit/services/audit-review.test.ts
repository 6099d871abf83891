import { describe, expect, it } from 'vitest';
import type { AuditEventDraft } from '../../../src/domain/audit.js';
import { createAuditExport } from '../../../src/services/audit-export.js';
import { createAuditReview, REVIEW_PAGE_SIZE } from '../../../src/services/audit-review.js';
import { aWorld } from '../fakes/world.js';

const AUDITOR = 'U0AUDITOR';
const AUDIT_GROUP = 'S0AUDIT';
const GROUP_AUDITOR = 'U0GROUPAUDITOR';
const OUTSIDER = 'U0OUTSIDER';

function setUp() {
  const world = aWorld({ rules: { auditors: { users: [AUDITOR], userGroups: [AUDIT_GROUP] } } });
  world.directory.setGroup(AUDIT_GROUP, [GROUP_AUDITOR]);
  const review = createAuditReview(world.deps);
  const exporter = createAuditExport({ ...world.deps, review });
  return { world, review, exporter };
}

function eventsAbout(iamUserName: string, count: number, startMs: number): AuditEventDraft[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: `e-${iamUserName}-${i}`,
    type: 'REQUEST_CREATED',
    at: new Date(startMs + i * 1000).toISOString(),
    requestId: `r-${i}`,
    actor: { kind: 'member', slackUserId: 'U0ALICE' },
    target: { iamUserName },
    outcome: 'success',
  }));
}

const aliceFilter = { subject: { kind: 'iam-user' as const, iamUserName: 'alice' }, days: 30 };

describe('the audit review', () => {
  it('refuses a member who is no auditor, audits the refusal, and reads nothing', async () => {
    const { world, review } = setUp();

    await expect(review.review({ auditorSlackId: OUTSIDER, filter: aliceFilter })).rejects.toMatchObject({
      code: 'NOT_AN_AUDITOR',
    });
    expect(
      world.store.events().map((e) => [e.type, e.actor.slackUserId, e.errorCode, e.details?.what]),
    ).toEqual([['AUDIT_REFUSED', OUTSIDER, 'NOT_AN_AUDITOR', 'review']]);
  });

  it('reads auditor group membership fresh every time', async () => {
    const { world, review } = setUp();
    await review.open(GROUP_AUDITOR);
    world.directory.setGroup(AUDIT_GROUP, []);

    await expect(review.open(GROUP_AUDITOR)).rejects.toMatchObject({ code: 'NOT_AN_AUDITOR' });
    expect(world.directory.lookupUses).toEqual(['decision', 'decision']);
  });

  it('pages newest first with a stable period, and audits each page with its filter', async () => {
    const { world, review } = setUp();
    await world.store.appendAudit(eventsAbout('alice', 30, world.clock.now().getTime() - 86_400_000));
    await world.store.appendAudit(eventsAbout('bob', 3, world.clock.now().getTime() - 86_400_000));

    const first = await review.review({ auditorSlackId: AUDITOR, filter: aliceFilter });
    world.clock.advanceMinutes(1);
    const second = await review.review({
      auditorSlackId: AUDITOR,
      filter: aliceFilter,
      asOf: first.asOf,
      cursor: first.cursor!,
      page: 2,
    });

    expect(first.events).toHaveLength(REVIEW_PAGE_SIZE);
    expect(first.events[0]?.eventId).toBe('e-alice-29');
    expect(second.events.map((e) => e.eventId)).toEqual([
      'e-alice-4',
      'e-alice-3',
      'e-alice-2',
      'e-alice-1',
      'e-alice-0',
    ]);
    expect(second.cursor).toBeUndefined();
    expect(second.asOf).toBe(first.asOf);
    const viewed = world.store.events().filter((e) => e.type === 'AUDIT_VIEWED');
    expect(viewed.map((e) => e.details)).toEqual([
      { filter: 'iam-user', filterValue: 'alice', days: 30, view: 'results', page: 1, shown: 25 },
      { filter: 'iam-user', filterValue: 'alice', days: 30, view: 'results', page: 2, shown: 5 },
    ]);
  });

  it('leaves out events older than the period', async () => {
    const { world, review } = setUp();
    await world.store.appendAudit(eventsAbout('alice', 2, world.clock.now().getTime() - 10 * 86_400_000));
    const page = await review.review({ auditorSlackId: AUDITOR, filter: { ...aliceFilter, days: 7 } });
    expect(page.events).toEqual([]);
  });

  it('shows nothing when the review itself cannot be audited (fail closed)', async () => {
    const { world, review } = setUp();
    await world.store.appendAudit(eventsAbout('alice', 2, world.clock.now().getTime() - 1000));
    world.store.failWrites((write) => write.kind === 'append');

    await expect(review.review({ auditorSlackId: AUDITOR, filter: aliceFilter })).rejects.toMatchObject({
      code: 'AUDIT_STORE_UNAVAILABLE',
    });
  });

  it('gives a request’s timeline: the request and all its events, oldest first, audited', async () => {
    const { world, review } = setUp();
    const request = await world.pendingRequest();
    await world.approve(request);

    const timeline = await review.timeline({ auditorSlackId: GROUP_AUDITOR, requestId: request.id });

    expect(timeline.request?.state).toBe('COMPLETED');
    expect(timeline.events.map((e) => e.type)).toEqual(world.store.eventTypes(request.id));
    expect(timeline.truncated).toBe(false);
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'AUDIT_VIEWED',
      details: { filter: 'request', filterValue: request.id, view: 'timeline' },
    });
  });
});

describe('exporting to the auditor’s DMs', () => {
  it('sends every selected event oldest first, with an anchor, and records the export before sending', async () => {
    const { world, exporter } = setUp();
    await world.store.appendAudit(eventsAbout('alice', 3, world.clock.now().getTime() - 10_000));

    const result = await exporter.exportToDm({
      auditorSlackId: AUDITOR,
      filter: aliceFilter,
      format: 'jsonl',
    });

    const [file] = world.notifier.files;
    expect(file?.to).toBe(AUDITOR);
    const lines = file!.content
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((e) => e.eventId)).toEqual(['e-alice-0', 'e-alice-1', 'e-alice-2']);
    expect(result.anchor).toBe(`3:${'fake-hash-3'.slice(0, 16)}`);
    expect(file!.comment).toContain(`audit verify --anchor ${result.anchor}`);
    expect(world.store.events().at(-1)).toMatchObject({
      type: 'AUDIT_EXPORTED',
      outcome: 'success',
      details: { format: 'jsonl', count: 3, firstSeq: 1, lastSeq: 3 },
    });
  });

  it('writes CSV with its header', async () => {
    const { world, exporter } = setUp();
    await world.store.appendAudit(eventsAbout('alice', 2, world.clock.now().getTime() - 1000));
    await exporter.exportToDm({ auditorSlackId: AUDITOR, filter: aliceFilter, format: 'csv' });
    const rows = world.notifier.files[0]!.content.split('\r\n');
    expect(rows[0]).toMatch(/^seq,at,type,/);
    expect(rows).toHaveLength(4); // header, two rows, and the final line break
  });

  it('audits a failed upload with its code and tells the caller', async () => {
    const { world, exporter } = setUp();
    world.notifier.failing.add('file');

    await expect(
      exporter.exportToDm({ auditorSlackId: AUDITOR, filter: aliceFilter, format: 'jsonl' }),
    ).rejects.toMatchObject({
      code: 'SLACK_API_ERROR',
    });
    expect(world.store.events().map((e) => [e.type, e.outcome, e.errorCode])).toEqual([
      ['AUDIT_EXPORTED', 'success', undefined],
      ['AUDIT_EXPORTED', 'failure', 'SLACK_API_ERROR'],
    ]);
  });

  it('refuses a non-auditor without sending anything', async () => {
    const { world, exporter } = setUp();
    await expect(
      exporter.exportToDm({ auditorSlackId: OUTSIDER, filter: aliceFilter, format: 'csv' }),
    ).rejects.toMatchObject({
      code: 'NOT_AN_AUDITOR',
    });
    expect(world.notifier.files).toEqual([]);
    expect(world.store.eventTypes()).toEqual(['AUDIT_REFUSED']);
  });
});
