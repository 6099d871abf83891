import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, BlockId, CallbackId } from '../../../src/slack/ids.js';
import { resetAlice, slashAudit, texts } from './audit-steps.js';
import { AUDITORS_GROUP, auditByActor, people, startWorld, type World } from './world.js';

const typed = (value: string) => ({ type: 'plain_text_input' as const, value });

describe('who may review the trail, and bad filters', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('refuses a member who is no auditor, shows nothing of the trail, and audits the refusal', async () => {
    world = await startWorld();
    await resetAlice(world);

    for (const text of ['audit', 'audit alice']) {
      const { filled } = await slashAudit(world, people.mallory.slackId, text);
      expect(filled.view.callback_id).toBe(CallbackId.messageModal);
      expect(texts(filled.view).join('\n')).toMatch(/not an auditor/);
      expect(JSON.stringify(filled.view)).not.toContain('REQUEST_');
    }

    const refused = await auditByActor(world, people.mallory.slackId);
    expect(refused.map((e) => [e.type, e.errorCode, e.outcome, e.details?.what])).toEqual([
      ['AUDIT_REFUSED', 'NOT_AN_AUDITOR', 'refused', 'review'],
      ['AUDIT_REFUSED', 'NOT_AN_AUDITOR', 'refused', 'review'],
    ]);
  });

  it('takes access away at once from a member removed from the auditors’ group', async () => {
    world = await startWorld();
    await resetAlice(world);
    const first = await slashAudit(world, people.olivia.slackId, 'audit alice');
    expect(first.filled.view.callback_id).toBe(CallbackId.auditResultsModal);

    world.slack.addUserGroup({ id: AUDITORS_GROUP, handle: 'auditors', users: [] });
    const second = await slashAudit(world, people.olivia.slackId, 'audit alice');

    expect(second.filled.view.callback_id).toBe(CallbackId.messageModal);
    expect(texts(second.filled.view).join('\n')).toMatch(/not an auditor/);
    const events = (await auditByActor(world, people.olivia.slackId)).map((e) => e.type);
    expect(events).toEqual(['AUDIT_VIEWED', 'AUDIT_REFUSED']);
  });

  it('keeps both roles for an auditor who is also an approver', async () => {
    world = await startWorld();
    const { request } = await resetAlice(world); // approved by erin

    const { filled } = await slashAudit(world, people.erin.slackId, `audit ${request.id}`);

    expect(filled.view.callback_id).toBe(CallbackId.auditResultsModal);
    expect((await auditByActor(world, people.erin.slackId)).map((e) => e.type)).toContain('REQUEST_APPROVED');
  });

  it.each([
    ['audit user:alice', /Unknown filter “user:alice”/],
    ['audit @alice', /“@alice” is not a member: mention them/],
    ['audit alice 0', /“0” is not a period: give a number of days from 1 to 365/],
    ['audit alice forever', /“forever” is not a period/],
    ['audit alice 7 more', /Give one filter at most/],
  ])('answers /mfa-reset %s with one clear line in the modal', async (text, line) => {
    world = await startWorld();

    const { filled } = await slashAudit(world, people.olivia.slackId, text);

    expect(filled.view.callback_id).toBe(CallbackId.messageModal);
    const shown = texts(filled.view);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(line);
    expect(shown[0]).not.toMatch(/Error|at \S+\.(ts|js)/);
    expect((await auditByActor(world, people.olivia.slackId)).map((e) => e.type)).toEqual([]);
  });

  it.each([
    [
      { [BlockId.auditRequestId]: { [ActionId.auditRequestId]: typed('not/a/request') } },
      BlockId.auditRequestId,
      /is not a request ID/,
    ],
    [
      { [BlockId.auditIamUser]: { [ActionId.auditIamUser]: typed('alice smith') } },
      BlockId.auditIamUser,
      /is not an IAM user name/,
    ],
    [{ [BlockId.auditDays]: { [ActionId.auditDays]: typed('999') } }, BlockId.auditDays, /from 1 to 365/],
    [
      {
        [BlockId.auditIamUser]: { [ActionId.auditIamUser]: typed('alice') },
        [BlockId.auditRequestId]: { [ActionId.auditRequestId]: typed('abc') },
      },
      BlockId.auditIamUser,
      /Give one filter at most/,
    ],
  ])(
    'keeps the filter modal open with one line beside the field at fault (%#)',
    async (inputs, blockId, line) => {
      world = await startWorld();
      const { filled } = await slashAudit(world, people.olivia.slackId, 'audit');

      const submitted = await world.driver.viewSubmission({
        viewId: filled.id,
        userId: people.olivia.slackId,
        inputs,
      });

      expect(submitted.outcome.accepted).toBe(true);
      const errors = (submitted.body as { errors?: Record<string, string> }).errors;
      expect(Object.keys(errors ?? {})).toEqual([blockId]);
      expect(errors?.[blockId]).toMatch(line);
      expect(world.slack.viewById(filled.id)!.view.callback_id).toBe(CallbackId.auditFilterModal);
    },
  );
});
