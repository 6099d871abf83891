import { afterEach, describe, expect, it } from 'vitest';
import { typed } from '../../../sandbox/slack-driver/index.js';
import type { ResetRequest } from '../../../src/domain/request.js';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import {
  approveWithCode,
  clickDecision,
  eventually,
  filledModalSince,
  pendingResetOfAlice,
  people,
  requestReset,
  shown,
  startWorld,
  type World,
} from './world.js';

/**
 * The DMs sent while a request is pending carry a Cancel button; once the request is decided, the
 * bot rewrites them in place (chat.update) to the request's state, so no button is left on a
 * request that can no longer be cancelled.
 */

/** The stored request once it knows where its DMs are (a person reads them before they click). */
function dmsOf(world: World, request: ResetRequest) {
  return eventually(async () => {
    const dms = (await world.requestById(request.id))?.memberDms;
    return dms !== undefined && dms.length > 0 ? dms : undefined;
  });
}

describe('the direct messages sent while a request is pending', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('lose their Cancel button once the request is approved and done', async () => {
    world = await startWorld();
    const { request, messageTs } = await pendingResetOfAlice(world);
    const [dm] = await dmsOf(world, request);
    expect(dm?.slackUserId).toBe(people.alice.slackId);
    expect(shown(world.slack.message(dm!.channel, dm!.ts))).toContain(ActionId.cancelRequest);

    await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });

    const rewritten = await eventually(async () => {
      const message = world.slack.message(dm!.channel, dm!.ts);
      return shown(message).includes('were reset') ? message : undefined;
    });
    expect(shown(rewritten)).not.toContain(ActionId.cancelRequest);
    // The outcome is also a new DM, which notifies alice; every DM of hers is now without the button.
    expect(
      world.slack.dmsTo(people.alice.slackId).filter((m) => shown(m).includes(ActionId.cancelRequest)),
    ).toEqual([]);
  });

  it('lose their Cancel button, for the requester and the member it is for, once the request is denied', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const { request, messageTs } = await requestReset(world, {
      userId: people.hugo.slackId,
      forMember: people.alice.slackId,
    });
    const dms = await dmsOf(world, request);
    expect(dms.map((dm) => dm.slackUserId).sort()).toEqual(
      [people.alice.slackId, people.hugo.slackId].sort(),
    );

    const mark = world.slack.callCount();
    await clickDecision(world, { userId: people.erin.slackId, messageTs, action: 'deny' });
    const modal = await filledModalSince(world, mark);
    await world.driver.viewSubmission({
      viewId: modal.id,
      userId: people.erin.slackId,
      inputs: { [BlockId.denyReason]: { [ActionId.denyReason]: typed('Not verified by phone') } },
    });

    for (const dm of dms) {
      const rewritten = await eventually(async () => {
        const message = world.slack.message(dm.channel, dm.ts);
        return shown(message).includes('denied') ? message : undefined;
      });
      expect(shown(rewritten)).not.toContain(ActionId.cancelRequest);
    }
  });
});
