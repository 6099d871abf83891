import { afterEach, describe, expect, it } from 'vitest';
import { typed } from '../../../sandbox/slack-driver/index.js';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import {
  APPROVALS_CHANNEL,
  approveWithCode,
  auditByActor,
  openRequestForm,
  pendingResetOfAlice,
  people,
  shown,
  startWorld,
  type World,
} from './world.js';

describe('one open request per IAM user, and a daily cap', () => {
  let world: World;
  afterEach(async () => world?.close());

  /** Approval requests the bot posted to the approvals channel. */
  function approvalRequests() {
    return world.slack
      .messagesIn(APPROVALS_CHANNEL)
      .filter((m) => m.ephemeralTo === undefined && /MFA reset request/.test(shown(m)));
  }

  it('refuses a second request while one is pending, telling the member when they submit the form, and audits it', async () => {
    world = await startWorld();
    const { request } = await pendingResetOfAlice(world);

    const form = await openRequestForm(world, people.alice.slackId);
    const answer = await world.driver.viewSubmission({
      viewId: form.viewId,
      inputs: { [BlockId.reason]: { [ActionId.reason]: typed('Lost my phone again, sorry') } },
    });

    const told = JSON.stringify(answer.body);
    expect(told).toMatch(/already has an open MFA reset request/);
    expect(told).toMatch(/Wait until the approvers decide on it/);
    expect((await auditByActor(world, people.alice.slackId)).at(-1)).toMatchObject({
      type: 'REQUEST_REFUSED',
      errorCode: 'REQUEST_ALREADY_OPEN',
      target: { iamUserName: people.alice.iamUser },
    });
    expect(approvalRequests()).toHaveLength(1);
    expect((await world.requestById(request.id))?.state).toBe('PENDING');
  });

  it('makes one request from two forms for the same IAM user submitted at once', async () => {
    world = await startWorld();
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const first = await openRequestForm(world, people.alice.slackId);
    const second = await openRequestForm(world, people.alice.slackId);
    const reason = { [BlockId.reason]: { [ActionId.reason]: typed('Lost my phone on the train') } };
    // Slow writes: both submissions are under way before either is written; only the conditional
    // write of the lock keeps the second one out.
    world.dynamo.delayRequests(400, { operations: ['TransactWriteItems'] });

    const answers = await Promise.all(
      [first, second].map((form) => world.driver.viewSubmission({ viewId: form.viewId, inputs: reason })),
    );

    const texts = answers.map((a) => JSON.stringify(a.body));
    expect(texts.filter((t) => /was sent to the approvers/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /already has an open MFA reset request/.test(t))).toHaveLength(1);
    await world.slack.waitFor(() => (approvalRequests().length > 0 ? true : undefined));
    expect(approvalRequests()).toHaveLength(1);
    const refusals = (await auditByActor(world, people.alice.slackId)).filter(
      (e) => e.type === 'REQUEST_REFUSED',
    );
    expect(refusals.map((e) => e.errorCode)).toEqual(['REQUEST_ALREADY_OPEN']);
  });

  it('lets the member ask again once the request has ended, up to maxResetsPerTargetPerDay resets a day', async () => {
    world = await startWorld({ maxResetsPerTargetPerDay: 1 });
    const { messageTs } = await pendingResetOfAlice(world);
    await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });
    expect(world.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
    // She enrols a new device and loses it the same day.
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });

    const form = await openRequestForm(world, people.alice.slackId);
    const answer = await world.driver.viewSubmission({
      viewId: form.viewId,
      inputs: { [BlockId.reason]: { [ActionId.reason]: typed('Lost the new one too, sorry') } },
    });

    expect(JSON.stringify(answer.body)).toMatch(/reset as often as allowed in the last 24 hours/);
    expect(approvalRequests()).toHaveLength(1);
    expect((await auditByActor(world, people.alice.slackId)).at(-1)).toMatchObject({
      type: 'REQUEST_REFUSED',
      errorCode: 'DAILY_RESET_LIMIT',
    });
  });
});
