import { afterEach, describe, expect, it } from 'vitest';
import { typed } from '../../../sandbox/slack-driver/index.js';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import {
  APPROVALS_CHANNEL,
  clickDecision,
  openModalOf,
  openRequestForm,
  people,
  requestReset,
  shown,
  startWorld,
  type World,
} from './world.js';

/** Bidirectional controls, zero-width and other invisible format characters. */
const invisible = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

describe('reasons people type', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('are stored, audited and shown without bidirectional and zero-width characters', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, {
      userId: people.alice.slackId,
      reason: 'Lost my \u202Eenohp\u202C phone\u200B on the train \u{1F4F1}',
    });

    expect(request.reason).toBe('Lost my enohp phone on the train \u{1F4F1}');
    const [created] = await world.auditOf(request.id);
    expect(created).toMatchObject({ type: 'REQUEST_CREATED', reason: request.reason });
    expect(shown(world.slack.message(APPROVALS_CHANNEL, messageTs))).toContain('Lost my enohp phone');

    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'deny' });
    const modal = await world.slack.waitFor(() => openModalOf(world, people.erin.slackId));
    await world.driver.viewSubmission({
      viewId: modal.id,
      inputs: { [BlockId.denyReason]: { [ActionId.denyReason]: typed('Ask\u2066 the desk\u2069\uFEFF') } },
    });

    expect((await world.requestById(request.id))?.decision?.reason).toBe('Ask the desk');
    const trail = await world.auditOf(request.id);
    expect(trail.find((event) => event.type === 'REQUEST_DENIED')?.reason).toBe('Ask the desk');
    for (const text of [
      shown(world.slack.message(APPROVALS_CHANNEL, messageTs)),
      shown(world.slack.dmsTo(people.alice.slackId).at(-1)),
    ]) {
      expect(text).toContain('Ask the desk');
      expect(text).not.toMatch(invisible);
    }
  });

  it('are measured after cleaning: zero-width padding does not make a reason long enough', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const form = await openRequestForm(world, people.alice.slackId);

    const answer = await world.driver.viewSubmission({
      viewId: form.viewId,
      inputs: { [BlockId.reason]: { [ActionId.reason]: typed(`lost${'\u200B'.repeat(12)}`) } },
    });

    expect(answer.outcome.accepted).toBe(true);
    expect(world.slack.viewById(form.viewId)?.lastErrors?.[BlockId.reason]).toMatch(/at least 10/);
    expect(world.slack.messagesIn(APPROVALS_CHANNEL)).toEqual([]);
  });
});
