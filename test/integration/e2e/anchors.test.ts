import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src/domain/audit.js';
import { hashOf } from '../../../src/store/hash-chain.js';
import { eventToItem } from '../../../src/store/items.js';
import { chainHeadKey, chainWatchKey, eventKey } from '../../../src/store/table-layout.js';
import { s3ClientOf } from '../../harness/anchor-bucket.js';
import { runAgainst } from '../cli/cli-harness.js';
import { resetAlice } from './audit-steps.js';
import { APPROVALS_CHANNEL, eventually, shown, startWorld, type World } from './world.js';

/**
 * The chain's anchors in S3 against someone holding the bot's table rights: events rewritten from
 * an approval to the head, hashes recomputed, the head and the watcher's checkpoint moved to match.
 * The table alone cannot tell; the anchors can, in `audit verify` with no flag and in the watcher.
 */
const BUCKET = 'mfa-reset-anchors-e2e';

let world: World;
let workDir: string | undefined;
afterEach(async () => {
  await world?.close();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  workDir = undefined;
});

/** `audit verify` with no flag, configured as an operator's checkout is: MFA_RESET_CONFIG names the table and the anchors. */
async function auditVerify() {
  workDir = await mkdtemp(join(tmpdir(), 'mfa-reset-anchors-'));
  const configPath = join(workDir, 'mfa-reset-bot.yml');
  await writeFile(configPath, `audit:\n  table: ${world.table}\n  anchors: { bucket: ${BUCKET} }\n`);
  return runAgainst(world.directClient, ['audit', 'verify'], { env: { MFA_RESET_CONFIG: configPath } });
}

async function readEvent(documents: DynamoDBDocumentClient, seq: number): Promise<AuditEvent> {
  const { Item } = await documents.send(new GetCommand({ TableName: world.table, Key: eventKey(seq) }));
  const {
    PK: _pk,
    SK: _sk,
    entity: _e,
    byDayPK: _d,
    eventTimeSK: _t,
    byRequestPK: _r,
    byTargetPK: _g,
    byActorPK: _a,
    ...event
  } = Item as Record<string, unknown>;
  return event as unknown as AuditEvent;
}

/**
 * With PutItem rights on the table only (one transaction of puts): events `fromSeq` to the head
 * rewritten by `forge` and re-hashed in order, the head and the watcher's checkpoint moved to match.
 */
async function rewriteTail(fromSeq: number, forge: (event: AuditEvent) => AuditEvent): Promise<void> {
  const documents = DynamoDBDocumentClient.from(world.directClient);
  const read = async (key: Record<string, string>) =>
    (await documents.send(new GetCommand({ TableName: world.table, Key: key, ConsistentRead: true }))).Item!;
  const head = await read(chainHeadKey);
  const watch = await read(chainWatchKey);
  let prevHash = (await readEvent(documents, fromSeq - 1)).hash;
  const puts: Record<string, unknown>[] = [];
  for (let seq = fromSeq; seq <= Number(head.seq); seq += 1) {
    const { hash: _old, ...content } = forge(await readEvent(documents, seq));
    const unhashed = { ...content, prevHash };
    const event = { ...unhashed, hash: hashOf(unhashed) } as AuditEvent;
    puts.push(eventToItem(event));
    prevHash = event.hash;
  }
  puts.push({ ...head, hash: prevHash }, { ...watch, verifiedHash: prevHash });
  await documents.send(
    new TransactWriteCommand({
      TransactItems: puts.map((Item) => ({ Put: { TableName: world.table, Item } })),
    }),
  );
}

function alarmsIn(channel: string) {
  return world.slack.messagesIn(channel).filter((m) => /audit trail is broken/.test(m.text));
}

function anchorKeys(): string[] {
  return [...world.aws.s3.bucket(BUCKET).versions.keys()].sort();
}

describe('anchors of the audit chain outside the table', () => {
  it('anchors every finished request, one object per seq whichever replica writes it', async () => {
    world = await startWorld({ anchors: { bucket: BUCKET } });
    const replica = await world.startReplica();
    const { request } = await resetAlice(world);
    const last = (await world.auditOf(request.id)).at(-1)!;
    const key = `anchors/${String(last.seq).padStart(12, '0')}.json`;

    // Written in the background once the request has finished, without anyone asking.
    await eventually(async () => anchorKeys().includes(key), { what: 'the anchor of the finished request' });
    const [version, ...others] = world.aws.s3.bucket(BUCKET).versions.get(key)!;
    expect(others).toEqual([]);
    expect(JSON.parse(version!.body.toString())).toEqual({
      seq: last.seq,
      hash: last.hash,
      at: expect.any(String),
      table: world.table,
    });
    expect(version!.retention?.mode).toBe('COMPLIANCE');
    // The other replica anchors the same head: S3 refuses the second create, and it reads the first.
    const before = world.aws.state.callsTo('PutObject').length;
    await replica.checks.anchor();
    expect(
      world.aws.state
        .callsTo('PutObject')
        .slice(before)
        .map((call) => call.status),
    ).toEqual([412]);
    expect(world.aws.s3.bucket(BUCKET).versions.get(key)).toHaveLength(1);
    // Nothing moved since: the timer's next run writes nothing.
    await world.bot.checks.anchor();
    expect(world.aws.state.callsTo('PutObject')).toHaveLength(before + 1);
    expect(await auditVerify()).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('every anchor in S3 agrees'),
    });
  });

  it('catches events rewritten from an approval to the head with the head and checkpoint moved to match: verify exits 1, the watcher alarms at its next check', async () => {
    world = await startWorld({ anchors: { bucket: BUCKET } });
    const { request } = await resetAlice(world);
    await world.bot.checks.anchor();
    expect(await world.bot.checks.chain()).toMatchObject({ alarmed: false });
    expect((await world.bot.checks.chain()).broken).toBeUndefined();
    const anchored = JSON.parse(
      world.aws.s3.bucket(BUCKET).versions.get(anchorKeys().at(-1)!)![0]!.body.toString(),
    ) as { seq: number };

    const approval = (await world.auditOf(request.id)).find((e) => e.type === 'REQUEST_APPROVED')!;
    // The record now says no device was ever touched; every event from the approval on is re-hashed.
    await rewriteTail(approval.seq, (event) =>
      event.type === 'DEVICE_DEACTIVATED' || event.type === 'DEVICE_DELETED'
        ? { ...event, devices: [] }
        : event,
    );
    // The table alone holds: chain, indexes and requests all verify.
    expect(await world.store.verifyAuditChain()).toMatchObject({ ok: true });

    const verify = await auditVerify();
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain(`is NOT intact: the first bad event is seq ${anchored.seq}`);
    expect(verify.stderr).toContain(
      `anchor s3://${BUCKET}/anchors/${String(anchored.seq).padStart(12, '0')}.json disagrees`,
    );

    expect(await world.bot.checks.chain()).toMatchObject({ broken: { seq: anchored.seq }, alarmed: true });
    const [alarm] = alarmsIn(APPROVALS_CHANNEL);
    expect(shown(alarm)).toContain('disagrees');
  });

  it('takes an anchor key with a second version for a break, even when it agrees', async () => {
    world = await startWorld({ anchors: { bucket: BUCKET } });
    await resetAlice(world);
    await world.bot.checks.anchor();
    const key = anchorKeys().at(-1)!;
    const [original] = world.aws.s3.bucket(BUCKET).versions.get(key)!;
    // A write without If-None-Match (the bucket policy refuses it; this shows the check does too).
    const s3 = s3ClientOf(world.aws.url, world.botUser);
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: original!.body,
        ContentType: 'application/json',
      }),
    );
    s3.destroy();

    const verify = await auditVerify();
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain(`anchor s3://${BUCKET}/${key} holds 2 versions`);
    expect(await world.bot.checks.chain()).toMatchObject({
      broken: { problem: expect.stringMatching(/holds 2 versions/) },
      alarmed: true,
    });
  });

  it('says the anchors could not be read, with exit code 6 and no alarm, when S3 fails', async () => {
    world = await startWorld({ anchors: { bucket: BUCKET } });
    await resetAlice(world);
    await world.bot.checks.anchor();
    world.aws.faults.failNext('ListObjectVersions', { status: 500, code: 'InternalError', times: 6 });

    const verify = await auditVerify();
    expect(verify.code).toBe(6);
    expect(verify.stderr).toContain('ANCHORS_UNREADABLE');
    expect(await world.bot.checks.chain()).toMatchObject({ anchorsUnreadable: true, alarmed: false });
    expect(alarmsIn(APPROVALS_CHANNEL)).toHaveLength(0);
  });
});
