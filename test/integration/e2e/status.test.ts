import { afterEach, describe, expect, it } from 'vitest';
import { typed } from '../../../sandbox/slack-driver/index.js';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import {
  APPROVALS_CHANNEL,
  clickDecision,
  eventually,
  openModalOf,
  people,
  requestReset,
  startWorld,
  type World,
} from './world.js';

/** `/mfa-reset status` as `userId`; the ephemeral answer it got. */
async function status(world: World, userId: string) {
  const before = world.slack.ephemeralsTo(userId).length;
  await world.driver.slashCommand({ userId, channelId: APPROVALS_CHANNEL, text: 'status' });
  return world.slack.waitFor(() => world.slack.ephemeralsTo(userId)[before]);
}

describe('/mfa-reset status', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('lists the caller’s requests, made by them or for them, newest first, with state, age and outcome', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const denied = await requestReset(world, { userId: people.alice.slackId });
    await clickDecision(world, { userId: people.erin.slackId, messageTs: denied.messageTs, action: 'deny' });
    const modal = await world.slack.waitFor(() => openModalOf(world, people.erin.slackId));
    await world.driver.viewSubmission({
      viewId: modal.id,
      inputs: { [BlockId.denyReason]: { [ActionId.denyReason]: typed('Ask <!here> in *person*') } },
    });
    await eventually(async () => (await world.requestById(denied.request.id))?.state === 'DENIED');
    const pending = await requestReset(world, {
      userId: people.hugo.slackId,
      forMember: people.alice.slackId,
    });

    const aliceSees = await status(world, people.alice.slackId);
    const sections = (aliceSees.blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? '');
    expect(sections[1]).toContain(pending.request.id);
    expect(sections[1]).toMatch(/Pending|PENDING|pending/);
    expect(sections[1]).toContain(`asked by <@${people.hugo.slackId}>`);
    expect(sections[1]).toMatch(/just now|min ago/);
    expect(sections[2]).toContain(denied.request.id);
    expect(sections[2]).toContain(`by <@${people.erin.slackId}>`);
    // What the approver typed is shown, never acted on: no @here, no bold.
    expect(sections[2]).not.toContain('<!here>');
    expect(sections[2]).toContain('&lt;!here&gt;');
    expect(JSON.stringify(aliceSees.blocks)).toContain('/mfa-reset cancel');

    const hugoSees = await status(world, people.hugo.slackId);
    expect(JSON.stringify(hugoSees.blocks)).toContain(`for <@${people.alice.slackId}>`);
    expect(JSON.stringify(hugoSees.blocks)).not.toContain(denied.request.id);

    const mallorySees = await status(world, people.mallory.slackId);
    expect(mallorySees.text).toMatch(/no MFA reset requests/);
  });
});
