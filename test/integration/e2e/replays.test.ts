import { afterEach, describe, expect, it } from 'vitest';
import { typed } from '../../../sandbox/slack-driver/index.js';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import {
  APPROVALS_CHANNEL,
  approveWithCode,
  auditByActor,
  openRequestForm,
  people,
  shown,
  startWorld,
  type World,
} from './world.js';

describe('a replayed or re-delivered Slack request is handled once', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('makes one approval request from a form submission replayed byte for byte, and audits the replay', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const form = await openRequestForm(world, people.alice.slackId);
    const submitted = await world.driver.viewSubmission({
      viewId: form.viewId,
      inputs: { [BlockId.reason]: { [ActionId.reason]: typed('Lost my phone on the train') } },
    });
    expect(JSON.stringify(submitted.body)).toMatch(/was sent to the approvers/);

    const replayed = await world.driver.replay(submitted);

    expect(replayed.status).toBe(200);
    expect(JSON.stringify(replayed.body)).toMatch(/already received with exactly these values/);
    const posted = world.slack
      .messagesIn(APPROVALS_CHANNEL)
      .filter((m) => m.ephemeralTo === undefined && /MFA reset request/.test(shown(m)));
    expect(posted).toHaveLength(1);
    const alices = await auditByActor(world, people.alice.slackId);
    expect(alices.map((e) => [e.type, e.errorCode ?? null])).toEqual([
      ['REQUEST_CREATED', null],
      ['SUBMISSION_REPLAYED', 'SUBMISSION_REPLAYED'],
    ]);
  });

  it('does not send a replayed approval code to STS again', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const form = await openRequestForm(world, people.alice.slackId);
    await world.driver.viewSubmission({
      viewId: form.viewId,
      inputs: { [BlockId.reason]: { [ActionId.reason]: typed('Lost my phone on the train') } },
    });
    const posted = await world.slack.waitForCall('chat.postMessage', {
      where: (call) => call.args.channel === APPROVALS_CHANNEL,
    });
    const { answer } = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs: String(posted.response.ts),
      code: world.wrongCode(),
    });
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(1);

    const replayed = await world.driver.replay(answer);

    expect(replayed.body).toMatchObject({
      response_action: 'errors',
      errors: { [BlockId.tokenCode]: expect.stringMatching(/already received/) },
    });
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(1);
  });

  it('acknowledges an Events API retry of an event it already handled, without handling it again', async () => {
    world = await startWorld();
    const first = await world.driver.appHomeOpened({ userId: people.alice.slackId });
    await world.slack.waitForCall('views.publish', { since: first.callMark });

    const retried = await world.driver.retry(first, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(retried.status).toBe(200);
    expect(world.slack.calls('views.publish')).toHaveLength(1);
    expect(world.logs.join('\n')).toMatch(/event already handled; acknowledged only/);
  });
});
