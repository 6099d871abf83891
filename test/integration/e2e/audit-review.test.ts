import { afterEach, describe, expect, it } from 'vitest';
import { pickedUser, typed } from '../../../sandbox/slack-driver/index.js';
import { ActionId, BlockId, CallbackId } from '../../../src/slack/ids.js';
import { buttonValue, clickInModal, filledAfterPush, resetAlice, slashAudit, texts } from './audit-steps.js';
import { auditByActor, people, startWorld, type World } from './world.js';

describe('auditors review the trail in Slack', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('opens the filter modal on /mfa-reset audit, and a submitted IAM user shows its events newest first', async () => {
    world = await startWorld();
    const { request } = await resetAlice(world);

    const { opened, filled } = await slashAudit(world, people.olivia.slackId, 'audit');
    expect(opened.view.callback_id).toBe(CallbackId.loadingModal);
    expect(filled.view.callback_id).toBe(CallbackId.auditFilterModal);
    const submitted = await world.driver.viewSubmission({
      viewId: filled.id,
      userId: people.olivia.slackId,
      inputs: {
        [BlockId.auditIamUser]: { [ActionId.auditIamUser]: { type: 'plain_text_input', value: 'alice' } },
      },
    });

    expect(submitted.outcome).toEqual({ accepted: true, problems: [] });
    const results = world.slack.viewById(filled.id)!.view;
    expect(results.callback_id).toBe(CallbackId.auditResultsModal);
    const lines = texts(results).slice(1);
    const trail = (await world.auditOf(request.id)).filter((e) => e.target?.iamUserName === 'alice');
    expect(lines).toHaveLength(trail.length);
    // Newest first, one line each: time, event, actor, IAM user, outcome.
    expect(lines[0]).toContain('*REQUEST_COMPLETED*');
    expect(lines[0]).toContain(`<@${people.erin.slackId}>`);
    expect(lines[0]).toContain('`alice`');
    expect(lines[0]).toContain('success');
    expect(lines.at(-1)).toContain('*REQUEST_CREATED*');
    expect(lines.at(-1)).toContain(`<@${people.alice.slackId}>`);
    expect(buttonValue(results, ActionId.auditTimeline)).toBe(request.id);
    expect(buttonValue(results, ActionId.auditMore)).toBeUndefined();

    const viewed = (await auditByActor(world, people.olivia.slackId)).filter(
      (e) => e.type === 'AUDIT_VIEWED',
    );
    expect(viewed.map((e) => e.details)).toEqual([
      { filter: 'iam-user', filterValue: 'alice', days: 30, view: 'results', page: 1, shown: lines.length },
    ]);
  });

  it('shows the events a member caused when the member is picked in the filter modal', async () => {
    world = await startWorld();
    await resetAlice(world);
    const { filled } = await slashAudit(world, people.olivia.slackId, 'audit');

    await world.driver.viewSubmission({
      viewId: filled.id,
      inputs: {
        [BlockId.auditMember]: { [ActionId.auditMember]: pickedUser(people.erin.slackId) },
        [BlockId.auditDays]: { [ActionId.auditDays]: typed('7') },
      },
    });

    const results = world.slack.viewById(filled.id)!.view;
    expect(texts(results)[0]).toContain(`member ${people.erin.slackId}*, the 7 day(s)`);
    const lines = texts(results).slice(1);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.includes(`<@${people.erin.slackId}>`))).toBe(true);
  });

  it.each([
    ['audit alice 7', 'IAM user alice', 'iam-user'],
    [`audit <@${people.erin.slackId}|erin>`, `member ${people.erin.slackId}`, 'member'],
  ])('opens the results at once for /mfa-reset %s', async (text, heading, filter) => {
    world = await startWorld();
    await resetAlice(world);

    const { filled } = await slashAudit(world, people.erin.slackId, text);

    expect(filled.view.callback_id).toBe(CallbackId.auditResultsModal);
    expect(texts(filled.view)[0]).toContain(heading);
    expect(texts(filled.view).join('\n')).toContain('REQUEST_APPROVED');
    const viewed = (await auditByActor(world, people.erin.slackId)).filter((e) => e.type === 'AUDIT_VIEWED');
    expect(viewed.map((e) => e.details?.filter)).toEqual([filter]);
  });

  it('shows a request by its ID, and its timeline (pushed) with the approver’s device, the outcomes and the chain positions', async () => {
    world = await startWorld();
    const { request, serial } = await resetAlice(world);

    const { filled } = await slashAudit(world, people.olivia.slackId, `audit ${request.id}`);
    expect(texts(filled.view)[0]).toContain(`request ${request.id}`);
    const mark = world.slack.callCount();
    const pushed = await clickInModal(world, {
      userId: people.olivia.slackId,
      viewId: filled.id,
      actionId: ActionId.auditTimeline,
      blockId: `audit_event_${(await world.auditOf(request.id)).at(-1)!.seq}`,
      answer: 'views.push',
    });
    const timeline = await filledAfterPush(world, pushed.id, mark);

    expect(timeline.view.callback_id).toBe(CallbackId.auditTimelineModal);
    const shownText = texts(timeline.view).join('\n');
    expect(shownText).toContain('completed');
    expect(shownText).toContain(`with device \`${world.botUser.devices[0]!.serial}\``);
    expect(shownText).toContain(`\`${serial}\``);
    expect(shownText).toContain('deactivated and deleted');
    for (const event of await world.auditOf(request.id)) {
      expect(shownText).toContain(`#${event.seq} \`${event.hash.slice(0, 16)}\``);
    }
    expect(world.slack.viewStack(filled.id).map((v) => v.view.callback_id)).toEqual([
      CallbackId.auditResultsModal,
      CallbackId.auditTimelineModal,
    ]);
    const viewed = (await auditByActor(world, people.olivia.slackId)).filter(
      (e) => e.type === 'AUDIT_VIEWED',
    );
    expect(viewed.map((e) => [e.details?.view, e.details?.filterValue])).toEqual([
      ['results', request.id],
      ['timeline', request.id],
    ]);
  });

  it('opens the modal within the trigger window while the audit table is slow, then fills it in', async () => {
    world = await startWorld();
    await resetAlice(world);
    world.dynamo.delayRequests(1_500);

    const { sent, opened, filled } = await slashAudit(world, people.olivia.slackId, 'audit alice');

    expect(opened.view.callback_id).toBe(CallbackId.loadingModal);
    const openCall = world.slack.calls('views.open', { since: sent.callMark })[0]!;
    expect(openCall.response.ok).toBe(true);
    // Slack accepted the trigger (it refuses one older than 3 s): the modal did not wait for the table.
    expect(filled.view.callback_id).toBe(CallbackId.auditResultsModal);
    const updateCall = world.slack.calls('views.update', { since: sent.callMark })[0]!;
    expect(updateCall.at - openCall.at).toBeGreaterThanOrEqual(1_400);
  });
});
