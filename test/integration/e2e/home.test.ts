import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, BlockId, CallbackId } from '../../../src/slack/ids.js';
import { buttonValue, resetAlice, texts } from './audit-steps.js';
import { pendingResetOfAlice, people, shown, startWorld, type World } from './world.js';

async function openHome(world: World, userId: string) {
  const sent = await world.driver.appHomeOpened({ userId });
  await world.slack.waitForCall('views.publish', {
    since: sent.callMark,
    where: (call) => call.args.user_id === userId,
    timeoutMs: 5_000,
  });
  return world.slack.homeViewOf(userId)!.view;
}

async function denyAs(world: World, approver: string, messageTs: string) {
  const mark = world.slack.callCount();
  await world.driver.blockAction({
    userId: approver,
    actionId: ActionId.deny,
    message: { channel: 'C0APPROVALS', ts: messageTs },
  });
  const modal = await world.slack.waitFor(() => world.slack.calls('views.open', { since: mark })[0]);
  await world.driver.viewSubmission({
    viewId: String((modal.response.view as { id: string }).id),
    inputs: {
      [BlockId.denyReason]: { [ActionId.denyReason]: { type: 'plain_text_input', value: 'Call the desk' } },
    },
  });
}

describe('App Home by role', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('shows a requester their own requests and state, and refreshes it when the request changes', async () => {
    world = await startWorld();
    const { request, messageTs } = await pendingResetOfAlice(world);

    const home = await openHome(world, people.alice.slackId);
    expect(texts(home).join('\n')).toMatch(new RegExp(`pending · \`alice\` .* · \`${request.id}\``));
    expect(shown(home)).not.toContain('Waiting for approval');
    expect(shown(home)).not.toContain('Audit chain');

    const mark = world.slack.callCount();
    await world.driver.blockAction({
      userId: people.erin.slackId,
      actionId: ActionId.deny,
      message: { channel: 'C0APPROVALS', ts: messageTs },
    });
    const modal = await world.slack.waitFor(() => world.slack.calls('views.open', { since: mark })[0]);
    await world.driver.viewSubmission({
      viewId: String((modal.response.view as { id: string }).id),
      inputs: {
        [BlockId.denyReason]: { [ActionId.denyReason]: { type: 'plain_text_input', value: 'Call the desk' } },
      },
    });

    const refreshed = await world.slack.waitFor(
      () => {
        const view = world.slack.homeViewOf(people.alice.slackId)?.view;
        return view !== undefined && shown(view).includes('denied') ? view : undefined;
      },
      { timeoutMs: 5_000 },
    );
    expect(texts(refreshed).join('\n')).toContain(request.id);
  });

  it('shows approvers the pending requests with Approve and Deny, which work from the Home tab', async () => {
    world = await startWorld();
    const { request } = await pendingResetOfAlice(world);

    const home = await openHome(world, people.frank.slackId);
    expect(shown(home)).toContain('Waiting for approval');
    expect(buttonValue(home, ActionId.approve)).toBe(request.id);
    expect(buttonValue(home, ActionId.deny)).toBe(request.id);

    const mark = world.slack.callCount();
    await world.driver.blockAction({ userId: people.frank.slackId, actionId: ActionId.approve, home: true });
    const opened = await world.slack.waitForCall('views.open', { since: mark, timeoutMs: 5_000 });
    const view = opened.response.view as { id: string; callback_id: string };
    expect(view.callback_id).toBe(CallbackId.approveModal);
    const answer = await world.driver.viewSubmission({
      viewId: view.id,
      inputs: {
        [BlockId.tokenCode]: {
          [ActionId.tokenCode]: { type: 'plain_text_input', value: world.codeOf(people.frank.slackId) },
        },
      },
    });
    expect(answer.outcome.accepted).toBe(true);
    expect((await world.requestById(request.id))?.state).toBe('COMPLETED');
    // frank opened his Home in the last hour: it is republished without the request.
    const after = await world.slack.waitFor(
      () => {
        const current = world.slack.homeViewOf(people.frank.slackId)?.view;
        return current !== undefined && buttonValue(current, ActionId.approve) === undefined
          ? current
          : undefined;
      },
      { timeoutMs: 5_000 },
    );
    expect(shown(after)).toContain('No request is waiting for approval.');
  });

  it('answers a click on a request that is no longer pending in a modal (the Home has no response_url)', async () => {
    world = await startWorld();
    const { messageTs } = await pendingResetOfAlice(world);
    await openHome(world, people.frank.slackId);
    const frozen = structuredClone(world.slack.homeViewOf(people.frank.slackId)!.view);
    await denyAs(world, people.erin.slackId, messageTs); // erin decides it while frank looks
    const republished = await world.slack.waitFor(() => {
      const home = world.slack.homeViewOf(people.frank.slackId)!;
      return shown(home.view).includes('No request is waiting') ? home : undefined;
    });
    republished.view = frozen; // frank's client still shows the buttons

    const mark = world.slack.callCount();
    await world.driver.blockAction({ userId: people.frank.slackId, actionId: ActionId.deny, home: true });

    const opened = await world.slack.waitForCall('views.open', { since: mark, timeoutMs: 5_000 });
    expect(opened.response.ok).toBe(true);
    expect(shown(opened.args.view as object)).toMatch(/already been handled/);
  });

  it('shows auditors the latest requests and the chain’s health; an auditor who approves sees both', async () => {
    world = await startWorld();
    const { request } = await resetAlice(world);
    const check = await world.bot.checks.chain();

    const home = await openHome(world, people.erin.slackId);

    const text = texts(home).join('\n');
    expect(text).toContain(`Audit chain verified intact up to event ${check.verifiedSeq}`);
    expect(text).toMatch(new RegExp(`completed · \`alice\` · by <@${people.alice.slackId}>.*${request.id}`));
    expect(shown(home)).toContain('Waiting for approval');
    const olivia = await openHome(world, people.olivia.slackId);
    expect(shown(olivia)).toContain('Audit chain verified');
    expect(shown(olivia)).not.toContain('Waiting for approval');
    const mallory = await openHome(world, people.mallory.slackId);
    expect(shown(mallory)).not.toContain('Latest requests');
  });
});
