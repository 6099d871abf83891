import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APPROVALS_CHANNEL, people } from '../../../sandbox/cast.js';
import { codeFor } from '../../../sandbox/iam-sts-emulator/index.js';
import { typed } from '../../../sandbox/slack-driver/index.js';
import { amend, newRequest, type ResetRequest } from '../../../src/domain/request.js';
import { createAuditEvents } from '../../../src/services/audit-events.js';
import { ActionId, BlockId, CallbackId } from '../../../src/slack/ids.js';
import { approvalMessage } from '../../../src/slack/views/index.js';
import { approveThrough, type BotFleet, startBotFleet, until } from '../../harness/bot-processes.js';

const MINUTE = 60_000;
const events = createAuditEvents({ clock: { now: () => new Date() }, ids: { newId: () => randomUUID() } });

/**
 * A request as the bot would have made it `minutesAgo` minutes ago (the processes run on real
 * time): created and announced through the store's own writes, so the chain stays valid, with its
 * approval message posted by the bot's token.
 */
async function seedPending(
  fleet: BotFleet,
  input: { member: { slackId: string; iamUser: string }; minutesAgo: number },
) {
  const [device] = fleet.aws.state.devicesOf(input.member.iamUser);
  const request = newRequest({
    id: randomUUID(),
    requesterSlackId: input.member.slackId,
    target: { slackUserId: input.member.slackId, iamUserName: input.member.iamUser },
    devices: [{ serial: device!.serial, kind: 'virtual' }],
    reason: 'Seeded by the replica test',
    now: new Date(Date.now() - input.minutesAgo * MINUTE),
    ttlMinutes: 60,
  });
  await fleet.store.insertRequest(request, [events.requestCreated(request)]);
  const response = await fetch(`${fleet.slack.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fleet.slack.identity.botToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ channel: APPROVALS_CHANNEL, ...approvalMessage(request, { approvalsNeeded: 1 }) }),
  });
  const posted = (await response.json()) as { ts: string };
  const message = { channel: APPROVALS_CHANNEL, ts: posted.ts };
  const announced = amend(request, new Date(), { approvalMessage: message });
  await fleet.store.updateRequest(request, announced, [events.approversNotified(request, message)]);
  return announced;
}

async function typesOf(fleet: BotFleet, request: ResetRequest): Promise<string[]> {
  const page = await fleet.store.queryAudit({ by: 'request', requestId: request.id });
  return page.events.map((event) => event.type);
}

describe('two replicas: two real bot processes on one table', () => {
  let fleet: BotFleet;
  beforeAll(async () => {
    fleet = await startBotFleet({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
  }, 240_000);
  afterAll(async () => fleet?.close());

  it('sweeps at once: one expiry, one reminder; a request opened on one is submitted and approved on the other: one execution; a valid chain', async () => {
    for (const member of [people.alice, people.henry, people.mallory]) {
      fleet.aws.state.addVirtualDevice({ userName: member.iamUser, name: `${member.iamUser}-phone` });
    }
    const expiring = await seedPending(fleet, { member: people.alice, minutesAgo: 61 });
    const reminded = await seedPending(fleet, { member: people.henry, minutesAgo: 31 });

    // Each process sweeps as it starts: started together, their sweeps overlap.
    const [a, b] = await Promise.all([fleet.start(), fleet.start()]);

    await until(
      async () => ((await fleet.store.getRequest(expiring.id))?.state === 'EXPIRED' ? true : undefined),
      {
        what: 'the expiry',
      },
    );
    const reminders = () =>
      fleet.slack
        .calls('chat.postMessage')
        .filter((call) => call.response.ok && call.args.thread_ts === reminded.approvalMessage!.ts);
    await until(() => (reminders().length > 0 ? true : undefined), { what: 'the reminder' });

    // mallory opens the form through a, submits it through b; erin approves through b.
    const sent = await a.driver.slashCommand({
      userId: people.mallory.slackId,
      channelId: APPROVALS_CHANNEL,
    });
    const opened = await fleet.slack.waitForCall('views.open', {
      where: (call) => call.args.trigger_id === sent.sent.trigger_id && call.response.ok === true,
      timeoutMs: 20_000,
    });
    const viewId = String((opened.response.view as { id: string }).id);
    await fleet.slack.waitFor(
      () => (fleet.slack.viewById(viewId)?.view.callback_id === CallbackId.requestModal ? true : undefined),
      { timeoutMs: 20_000 },
    );
    const submitted = await b.driver.viewSubmission({
      viewId,
      inputs: { [BlockId.reason]: { [ActionId.reason]: typed('Lost my phone at the airport') } },
    });
    expect(submitted.outcome.accepted).toBe(true);
    const request = await until(
      async () =>
        (await fleet.store.listRequestsByState('PENDING')).find(
          (r) => r.requesterSlackId === people.mallory.slackId && r.approvalMessage !== undefined,
        ),
      { what: 'mallory’s request' },
    );
    await approveThrough(fleet, b, {
      approver: people.erin.slackId,
      request,
      code: codeFor(fleet.botUser.devices[0]!.seed),
    });
    await until(
      async () => ((await fleet.store.getRequest(request.id))?.state === 'COMPLETED' ? true : undefined),
      {
        what: 'the reset',
      },
    );

    expect((await typesOf(fleet, expiring)).filter((type) => type === 'REQUEST_EXPIRED')).toHaveLength(1);
    expect((await typesOf(fleet, reminded)).filter((type) => type === 'APPROVERS_REMINDED')).toHaveLength(1);
    expect(reminders()).toHaveLength(1);
    const executed = await typesOf(fleet, request);
    expect(executed.filter((type) => type === 'EXECUTION_STARTED')).toHaveLength(1);
    expect(executed.filter((type) => type === 'REQUEST_COMPLETED')).toHaveLength(1);
    expect(fleet.aws.state.devicesOf(people.mallory.iamUser)).toEqual([]);
    expect(fleet.aws.state.callsTo('DeactivateMFADevice')).toHaveLength(1);
    // The form was opened by a (its driver sent the command); b created and carried out the request.
    expect(b.logs().some((line) => line.msg === 'request created')).toBe(true);
    expect(a.logs().some((line) => line.msg === 'request created')).toBe(false);
    for (const bot of [a, b]) {
      expect(bot.logs().filter((line) => /sweep failed/.test(String(line.msg)))).toEqual([]);
    }
    expect(await fleet.store.verifyAuditChain()).toMatchObject({ ok: true });
  }, 120_000);
});
