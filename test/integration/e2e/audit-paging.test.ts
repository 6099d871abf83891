import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEventDraft } from '../../../src/domain/audit.js';
import { ActionId, CallbackId } from '../../../src/slack/ids.js';
import { MAX_TRANSACTION_ITEMS } from '../../../src/store/index.js';
import { buttonValue, clickInModal, slashAudit, texts } from './audit-steps.js';
import { auditByActor, people, startWorld, type World } from './world.js';

/** A thousand events about alice over the last ten days, of every kind a trail holds. */
function thousandEvents(nowMs: number): AuditEventDraft[] {
  const types = ['REQUEST_CREATED', 'TOKEN_REJECTED', 'REQUEST_APPROVED', 'DEVICE_DEACTIVATED'] as const;
  return Array.from({ length: 1_000 }, (_, n) => ({
    eventId: `seeded-${n}`,
    type: types[n % types.length]!,
    at: new Date(nowMs - 10 * 86_400_000 + n * 60_000).toISOString(),
    requestId: `seeded-request-${Math.floor(n / 4)}`,
    actor: { kind: 'member' as const, slackUserId: people.erin.slackId },
    target: { slackUserId: people.alice.slackId, iamUserName: people.alice.iamUser },
    devices: [`arn:aws:iam::123456789012:mfa/alice-${'x'.repeat(n % 120)}`],
    outcome: n % 4 === 1 ? ('refused' as const) : ('success' as const),
    ...(n % 4 === 1 ? { errorCode: 'TOKEN_CODE_REJECTED' as const } : {}),
  }));
}

describe('paging through a long trail', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('pages 1,000 events 25 at a time with More, newest first, every page within Slack’s limits', async () => {
    world = await startWorld();
    const drafts = thousandEvents(Date.now());
    for (let i = 0; i < drafts.length; i += MAX_TRANSACTION_ITEMS - 1) {
      await world.store.appendAudit(drafts.slice(i, i + MAX_TRANSACTION_ITEMS - 1));
    }

    let { id: viewId, view } = (await slashAudit(world, people.olivia.slackId, 'audit alice 30')).filled;
    const seen: string[] = [];
    for (let page = 1; ; page += 1) {
      expect(view.callback_id).toBe(CallbackId.auditResultsModal);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      expect(view.private_metadata.length).toBeLessThanOrEqual(3_000);
      expect(texts(view)[0]).toContain(`page ${page}`);
      seen.push(...texts(view).slice(1));
      const cursor = buttonValue(view, ActionId.auditMore);
      if (cursor === undefined) break;
      expect(cursor.length).toBeLessThanOrEqual(2_000);
      ({ id: viewId, view } = await clickInModal(world, {
        userId: people.olivia.slackId,
        viewId,
        actionId: ActionId.auditMore,
        answer: 'views.update',
      }));
      expect(page).toBeLessThan(41);
    }

    expect(seen).toHaveLength(1_000);
    // Newest first: the seeded minutes count down from the last to the first.
    const times = seen.map((line) => line.slice(0, 20));
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(seen).size).toBeGreaterThan(900);
    const viewed = (await auditByActor(world, people.olivia.slackId)).filter(
      (e) => e.type === 'AUDIT_VIEWED',
    );
    expect(viewed.map((e) => e.details?.page)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(viewed.every((e) => e.details?.shown === 25)).toBe(true);
  });

  it('refuses a forged cursor with one line, without a stack trace', async () => {
    world = await startWorld();
    await world.store.appendAudit(thousandEvents(Date.now()).slice(0, 40));
    const { filled } = await slashAudit(world, people.olivia.slackId, 'audit alice');
    const fake = world.slack.viewById(filled.id)!;
    const more = (
      fake.view.blocks as unknown as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>
    )
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === ActionId.auditMore)!;
    more.value = Buffer.from(JSON.stringify({ by: 'actor', key: { PK: 'x' }, newest: true })).toString(
      'base64url',
    );

    const answered = await clickInModal(world, {
      userId: people.olivia.slackId,
      viewId: filled.id,
      actionId: ActionId.auditMore,
      answer: 'views.update',
    });

    const shown = texts(answered.view).join('\n');
    expect(shown).toMatch(/That input is not valid/);
    expect(shown).not.toMatch(/at .*\.ts|Error:/);
  });
});
