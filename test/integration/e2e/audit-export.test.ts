import { afterEach, describe, expect, it } from 'vitest';
import { dmChannelFor, MANIFEST_BOT_SCOPES } from '../../../sandbox/fake-slack/index.js';
import type { AuditEvent } from '../../../src/domain/audit.js';
import { ActionId, CallbackId } from '../../../src/slack/ids.js';
import { hashOf } from '../../../src/store/hash-chain.js';
import { runAgainst } from '../cli/cli-harness.js';
import { clickInModal, filledAfterPush, resetAlice, slashAudit, texts } from './audit-steps.js';
import { auditByActor, people, startWorld, type World } from './world.js';

async function exportAs(world: World, auditor: string, filter: string, actionId: string) {
  const { filled } = await slashAudit(world, auditor, filter);
  const mark = world.slack.callCount();
  const pushed = await clickInModal(world, {
    userId: auditor,
    viewId: filled.id,
    actionId,
    answer: 'views.push',
  });
  return filledAfterPush(world, pushed.id, mark);
}

describe('exporting the trail from Slack', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('sends the filtered events as JSON lines to the auditor’s DMs, with the chain positions to check the copy', async () => {
    world = await startWorld();
    const { request } = await resetAlice(world);

    const done = await exportAs(
      world,
      people.olivia.slackId,
      `audit ${request.id}`,
      ActionId.auditExportJsonl,
    );

    expect(done.view.callback_id).toBe(CallbackId.messageModal);
    const [file] = world.slack.files();
    expect(file).toMatchObject({
      channel: dmChannelFor(people.olivia.slackId),
      filename: expect.stringMatching(/\.jsonl$/),
    });
    const exported = file!.content
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEvent);
    const stored = await world.auditOf(request.id);
    expect(exported).toEqual(stored);
    // The copy can be re-verified on its own: each event matches its hash and links to the one before.
    for (const [i, event] of exported.entries()) {
      const { hash, ...rest } = event;
      expect(hashOf(rest)).toBe(hash);
      if (i > 0 && event.seq === exported[i - 1]!.seq + 1) expect(event.prevHash).toBe(exported[i - 1]!.hash);
    }
    const last = exported.at(-1)!;
    const anchor = `${last.seq}:${last.hash.slice(0, 16)}`;
    expect(file!.comment).toContain(`audit verify --anchor ${anchor}`);
    expect(texts(done.view).join('\n')).toContain(anchor);
    // The DM shows the file; Slack was asked in the documented order.
    const dm = world.slack.dmsTo(people.olivia.slackId).at(-1)!;
    expect(dm.fileIds).toEqual([file!.id]);
    const flow = world.slack
      .calls()
      .map((c) => c.method)
      .filter((m) => /^(files|conversations)\./.test(m));
    expect(flow).toEqual([
      'conversations.open',
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);

    const exportedEvent = (await auditByActor(world, people.olivia.slackId)).find(
      (e) => e.type === 'AUDIT_EXPORTED',
    );
    expect(exportedEvent).toMatchObject({
      outcome: 'success',
      details: {
        filter: 'request',
        filterValue: request.id,
        format: 'jsonl',
        count: stored.length,
        firstSeq: stored[0]!.seq,
        lastSeq: last.seq,
      },
    });
    // Recorded before the file left: its audit line precedes the upload's completion.
    const line = world.logs
      .map((l) => JSON.parse(l))
      .find((l) => l.audit === true && l.eventType === 'AUDIT_EXPORTED');
    expect(line.time).toBeLessThanOrEqual(world.slack.calls('files.getUploadURLExternal')[0]!.at);
  });

  it('gives an anchor that audit verify --anchor accepts while the trail holds the copy’s events, and refuses once it does not', async () => {
    world = await startWorld();
    const { request } = await resetAlice(world);
    await exportAs(world, people.olivia.slackId, `audit ${request.id}`, ActionId.auditExportJsonl);
    const anchor = /--anchor (\d+:[0-9a-f]{16})/.exec(world.slack.files()[0]!.comment ?? '')![1]!;
    const verify = (...anchors: string[]) =>
      runAgainst(world.directClient, [
        'audit',
        'verify',
        '--table',
        world.table,
        ...anchors.flatMap((a) => ['--anchor', a]),
      ]);

    const agrees = await verify(anchor);
    expect(agrees.code).toBe(0);
    expect(agrees.stdout).toContain('1 anchor agrees');

    const [seq] = anchor.split(':');
    const rewritten = await verify(`${seq}:${'0'.repeat(16)}`);
    expect(rewritten.code).toBe(1);
    expect(rewritten.stderr).toContain(`first bad event is seq ${seq}`);
    expect((await verify('99999:abcdef0123456789')).stderr).toMatch(/no event 99999/);
    expect((await verify('42')).code).toBe(2);
  });

  it('sends CSV with a header and one row per event, seq and hashes included', async () => {
    world = await startWorld();
    await resetAlice(world);

    await exportAs(world, people.erin.slackId, 'audit alice', ActionId.auditExportCsv);

    const [file] = world.slack.files();
    const rows = file!.content.trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'seq,at,type,outcome,requestId,actorKind,actorSlackId,targetSlackId,targetIamUser,devices,errorCode,mfaSerial,reason,details,eventId,prevHash,hash',
    );
    const aliceEvents = (await world.store.queryAudit({ by: 'target', iamUserName: 'alice' })).events;
    expect(rows).toHaveLength(aliceEvents.length + 1);
    expect(rows[1]).toMatch(new RegExp(`^${aliceEvents[0]!.seq},`));
    expect(rows[1]).toContain(aliceEvents[0]!.hash);
  });

  it('tells the auditor and audits the failure when Slack refuses the upload (no files:write)', async () => {
    world = await startWorld({ slackScopes: MANIFEST_BOT_SCOPES.filter((scope) => scope !== 'files:write') });
    await resetAlice(world);

    const done = await exportAs(world, people.olivia.slackId, 'audit alice', ActionId.auditExportJsonl);

    expect(texts(done.view).join('\n')).toMatch(/Slack rejected a call from the bot/);
    expect(world.slack.files()).toEqual([]);
    const refused = world.slack.calls('files.getUploadURLExternal')[0]!;
    expect(refused.response).toMatchObject({ ok: false, error: 'missing_scope', needed: 'files:write' });
    const exports = (await auditByActor(world, people.olivia.slackId)).filter(
      (e) => e.type === 'AUDIT_EXPORTED',
    );
    expect(exports.map((e) => [e.outcome, e.errorCode])).toEqual([
      ['success', undefined],
      ['failure', 'SLACK_API_ERROR'],
    ]);
  });

  it('refuses an export by a member who is no longer an auditor, and sends nothing', async () => {
    world = await startWorld();
    await resetAlice(world);
    const { filled } = await slashAudit(world, people.olivia.slackId, 'audit alice');
    world.slack.addUserGroup({ id: 'S0AUDIT', handle: 'auditors', users: [] });
    const mark = world.slack.callCount();

    const pushed = await clickInModal(world, {
      userId: people.olivia.slackId,
      viewId: filled.id,
      actionId: ActionId.auditExportJsonl,
      answer: 'views.push',
    });
    const done = await filledAfterPush(world, pushed.id, mark);

    expect(texts(done.view).join('\n')).toMatch(/not an auditor/);
    expect(world.slack.files()).toEqual([]);
    const events = (await auditByActor(world, people.olivia.slackId)).map((e) => [e.type, e.details?.what]);
    expect(events).toContainEqual(['AUDIT_REFUSED', 'export']);
  });
});
