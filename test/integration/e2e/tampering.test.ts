import { afterEach, describe, expect, it } from 'vitest';
import { hashOf } from '../../../src/store/hash-chain.js';
import { eventKey, requestKey } from '../../../src/store/table-layout.js';
import {
  APPROVALS_CHANNEL,
  approveWithCode,
  pendingResetOfAlice,
  people,
  requestReset,
  shown,
  startWorld,
  type World,
} from './world.js';

describe('a stored request cannot be retargeted, and the trail says so', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('changes nothing when a pending request’s target and devices were edited in DynamoDB; verify fails, the approval closes it and alarms', async () => {
    world = await startWorld();
    const alicesPhone = world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    const mallorysPhone = world.aws.state.addVirtualDevice({ userName: people.mallory.iamUser });
    const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });

    // Someone holding the bot's key points the pending request at mallory.
    await world.editItem(requestKey(request.id), {
      target: { slackUserId: people.mallory.slackId, iamUserName: people.mallory.iamUser },
      devices: [{ serial: mallorysPhone.serial, kind: 'virtual' }],
    });

    expect(await world.store.verifyAuditChain()).toMatchObject({
      ok: false,
      badRequestId: request.id,
      problem: expect.stringMatching(/targetSlackUserId, iamUserName, serials differ/),
    });

    const { modal } = await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });

    expect(shown(modal.view)).toMatch(/changed in the bot’s database after it was made/);
    expect(world.aws.state.callsTo('GetSessionToken')).toHaveLength(0);
    expect(world.aws.state.callsTo('DeactivateMFADevice')).toHaveLength(0);
    expect(world.aws.state.devicesOf(people.mallory.iamUser).map((d) => d.serial)).toEqual([
      mallorysPhone.serial,
    ]);
    expect(world.aws.state.devicesOf(people.alice.iamUser).map((d) => d.serial)).toEqual([
      alicesPhone.serial,
    ]);
    expect(await world.requestById(request.id)).toMatchObject({
      state: 'FAILED',
      failureCode: 'REQUEST_TAMPERED',
      target: { iamUserName: people.alice.iamUser },
    });
    const trail = await world.auditOf(request.id);
    expect(trail.slice(-2).map((e) => [e.type, e.errorCode])).toEqual([
      ['REQUEST_TAMPERED', 'REQUEST_TAMPERED'],
      ['REQUEST_FAILED', 'REQUEST_TAMPERED'],
    ]);
    expect(trail.at(-2)?.details).toMatchObject({ 'found.iamUserName': people.mallory.iamUser });
    const alarm = world.slack
      .messagesIn(APPROVALS_CHANNEL)
      .find((message) => /Reset request tampered with/.test(shown(message)));
    expect(shown(alarm)).toContain(request.id);
    // Closed as it was made, with the tampering on the record: the trail is whole again.
    expect(await world.store.verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('fails verify when an event’s byTargetPK was edited to hide it from `audit export --user`', async () => {
    world = await startWorld();
    const { request, messageTs } = await pendingResetOfAlice(world);
    await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });
    const completed = (await world.auditOf(request.id)).find((e) => e.type === 'REQUEST_COMPLETED')!;
    expect(await world.store.verifyAuditChain()).toMatchObject({ ok: true });

    await world.editItem(eventKey(completed.seq), { byTargetPK: 'IAMUSER#nobody' });

    const byUser = await world.store.queryAudit({ by: 'target', iamUserName: people.alice.iamUser });
    expect(byUser.events.map((e) => e.type)).not.toContain('REQUEST_COMPLETED');
    expect(await world.store.verifyAuditChain()).toMatchObject({
      ok: false,
      firstBadSeq: completed.seq,
      problem: `event ${completed.seq}'s byTargetPK was edited: its content says IAMUSER#${people.alice.iamUser}.`,
    });
  });

  it('shows the chain position of the outcome in the approvals channel, which verify --anchor checks', async () => {
    world = await startWorld();
    const { request, messageTs } = await pendingResetOfAlice(world);
    await approveWithCode(world, {
      approver: people.erin.slackId,
      messageTs,
      code: world.codeOf(people.erin.slackId),
    });
    const last = (await world.auditOf(request.id)).at(-1)!;
    expect(last.type).toBe('REQUEST_COMPLETED');

    const message = shown(world.slack.message(APPROVALS_CHANNEL, messageTs));
    const noted = /audit verify --anchor (\d+):([0-9a-f]{16})/.exec(message);
    expect(noted?.slice(1)).toEqual([String(last.seq), last.hash.slice(0, 16)]);

    const anchor = { seq: Number(noted![1]), hashPrefix: noted![2]! };
    expect(await world.store.verifyAuditChain({ anchors: [anchor] })).toMatchObject({ ok: true });
    // Someone rewrites the tail and the head together, hashes recomputed: the chain alone still
    // holds, the anchor noted in Slack does not.
    const { hash: _old, ...content } = last;
    const forged = hashOf({ ...content, devices: [] });
    await world.editItem(eventKey(last.seq), { devices: [], hash: forged });
    await world.editItem({ PK: 'CHAIN', SK: 'HEAD' }, { hash: forged });
    expect(await world.store.verifyAuditChain()).toMatchObject({ ok: true });
    expect(await world.store.verifyAuditChain({ anchors: [anchor] })).toMatchObject({
      ok: false,
      firstBadSeq: last.seq,
      problem: expect.stringMatching(/^anchor \d+:[0-9a-f]{16} disagrees/),
    });
  });
});
