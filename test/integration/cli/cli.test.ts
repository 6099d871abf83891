import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../sandbox/dynamodb-local.js';
import type { AuditAdmin } from '../../../src/cli/run-cli.js';
import type { AuditEvent } from '../../../src/domain/audit.js';
import { transition } from '../../../src/domain/request.js';
import { eventKey } from '../../../src/store/table-layout.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { anEvent, createdEvent, freshTable, localClient, type TestTable } from '../store/fixtures.js';
import { runAgainst } from './cli-harness.js';

let table: TestTable;
let configDir: string;
const request = aRequest(
  {
    createdAt: '2026-11-27T10:00:00.000Z',
    reason: '=HYPERLINK("https://example.com", "lost, phone")\nthanks',
  },
  { unique: true },
);

beforeAll(async () => {
  table = await freshTable('cli');
  configDir = await mkdtemp(join(tmpdir(), 'mfa-reset-cli-'));
  await table.store.insertRequest(request, [createdEvent(request)]);
  const denied = transition(request, 'DENIED', new Date('2026-11-28T08:00:00.000Z'));
  await table.store.updateRequest(request, denied, [
    anEvent({
      type: 'REQUEST_DENIED',
      requestId: request.id,
      at: '2026-11-28T08:00:00.000Z',
      actor: { kind: 'member', slackUserId: 'U0BOB' },
      outcome: 'refused',
      details: { note: 'line one\nline two' },
    }),
  ]);
  await table.store.appendAudit([
    anEvent({
      type: 'REQUEST_REFUSED',
      at: '2026-11-29T12:00:00.000Z',
      target: { iamUserName: 'carol' },
      actor: { kind: 'member', slackUserId: 'U0CAROL' },
    }),
  ]);
});
afterAll(async () => {
  table.client.destroy();
  await rm(configDir, { recursive: true, force: true });
});

/** `audit export` of the test table with the given options. */
function exportFromTable(options: string[], harness?: Parameters<typeof runAgainst>[2]) {
  return runAgainst(table.client, ['audit', 'export', '--table', table.tableName, ...options], harness);
}

function jsonLines(text: string): AuditEvent[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditEvent);
}

describe('mfa-reset-bot CLI', () => {
  it('creates the audit table named by --table, and says so again harmlessly', async () => {
    const tableName = `cli-create-${randomUUID()}`;

    const first = await runAgainst(table.client, ['table', 'create', '--table', tableName]);
    const second = await runAgainst(table.client, ['table', 'create', '--table', tableName]);

    expect(first).toMatchObject({ code: 0, stdout: `Table ${tableName} created; it is active.\n` });
    expect(second).toMatchObject({ code: 0, stdout: `Table ${tableName} already exists; it is active.\n` });
    const { Table: created } = await table.client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(created?.TableStatus).toBe('ACTIVE');
  });

  it('takes the table from audit.table in the MFA_RESET_CONFIG file, lets --table override it, and defaults it', async () => {
    const configPath = join(configDir, 'config.yaml');
    await writeFile(
      configPath,
      `slack:\n  approvalChannel: C0APPROVALS\naudit:\n  table: ${table.tableName}\n`,
    );

    const fromConfig = await runAgainst(table.client, ['audit', 'verify'], {
      env: { MFA_RESET_CONFIG: configPath },
    });
    const overridden = await runAgainst(table.client, ['audit', 'verify', '--table', 'other-table'], {
      env: { MFA_RESET_CONFIG: configPath },
    });
    const byDefault = await runAgainst(table.client, ['audit', 'verify']);

    expect(fromConfig).toMatchObject({ code: 0, openedTables: [table.tableName] });
    expect(overridden.openedTables).toEqual(['other-table']);
    expect(byDefault.openedTables).toEqual(['mfa-reset-audit']);
  });

  it('exports the events of a request as JSON lines, exactly as stored', async () => {
    const run = await exportFromTable(['--request', request.id]);

    const { events } = await table.store.queryAudit({ by: 'request', requestId: request.id });
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual(events);
    expect(run.stderr).toBe(`Exported 2 audit events from ${table.tableName}.\n`);
  });

  it('exports by IAM user, by Slack actor and by days, following every page', async () => {
    // Pages of one event, so that each export has to follow the cursor.
    const smallPages = {
      adapt: (store: AuditAdmin): AuditAdmin => ({
        ...store,
        queryAudit: (query) => store.queryAudit({ ...query, limit: 1 }),
      }),
    };

    const byUser = await exportFromTable(['--user', 'carol'], smallPages);
    const byActor = await exportFromTable(['--actor', 'U0BOB'], smallPages);
    const byDays = await exportFromTable(['--from', '2026-11-27', '--to', '2026-11-28'], smallPages);

    expect(jsonLines(byUser.stdout).map((e) => e.type)).toEqual(['REQUEST_REFUSED']);
    expect(jsonLines(byActor.stdout).map((e) => e.type)).toEqual(['REQUEST_DENIED']);
    expect(jsonLines(byDays.stdout).map((e) => e.type)).toEqual(['REQUEST_CREATED', 'REQUEST_DENIED']);
  });

  it('exports CSV with a header, quoting, and formulas defused', async () => {
    const run = await exportFromTable(['--request', request.id, '--format', 'csv']);

    expect(run.code).toBe(0);
    const [header, created] = run.stdout.split('\r\n');
    expect(header).toBe(
      'seq,at,type,outcome,requestId,actorKind,actorSlackId,targetSlackId,targetIamUser,devices,errorCode,mfaSerial,reason,details,eventId,prevHash,hash',
    );
    expect(created).toContain(',REQUEST_CREATED,success,');
    expect(run.stdout).toContain(`,"'=HYPERLINK(""https://example.com"", ""lost, phone"")\nthanks",`);
    expect(run.stdout).toContain(',"{""note"":""line one\\nline two""}",');
  });

  it('verifies an intact trail with exit code 0', async () => {
    const run = await runAgainst(table.client, ['audit', 'verify', '--table', table.tableName]);

    expect(run).toMatchObject({
      code: 0,
      stdout: `Audit trail in ${table.tableName} is intact: 3 events and 1 request checked.\n`,
    });
  });

  it('fails verification with exit code 1 naming the first bad seq when an event was deleted', async () => {
    const tampered = await freshTable('cli-tampered');
    for (let i = 0; i < 3; i++) await tampered.store.appendAudit([anEvent()]);
    await DynamoDBDocumentClient.from(tampered.client).send(
      new DeleteCommand({ TableName: tampered.tableName, Key: eventKey(2) }),
    );

    const run = await runAgainst(tampered.client, ['audit', 'verify', '--table', tampered.tableName]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('NOT intact: the first bad event is seq 2.');
    expect(run.stderr).toMatch(/event 2 is missing/);
    tampered.client.destroy();
  });

  it('checks the chain against each --anchor given, and fails naming the one that disagrees', async () => {
    const { events } = await table.store.queryAudit({ by: 'time', limit: 1000 });
    const [first, last] = [events[0]!, events.at(-1)!];
    const anchors = [
      `${first.seq}:${first.hash.slice(0, 8)}`,
      `${last.seq}:${last.hash.slice(0, 16).toUpperCase()}`,
    ];
    const verify = (...extra: string[]) =>
      runAgainst(table.client, ['audit', 'verify', '--table', table.tableName, ...extra]);

    const agreed = await verify('--anchor', anchors[0]!, '--anchor', anchors[1]!);
    expect(agreed).toMatchObject({
      code: 0,
      stdout: `Audit trail in ${table.tableName} is intact: 3 events and 1 request checked; 2 anchors agree.\n`,
    });

    const wrongHash = last.hash.startsWith('0') ? '1'.repeat(8) : '0'.repeat(8);
    const disagreed = await verify('--anchor', anchors[0]!, '--anchor', `${last.seq}:${wrongHash}`);
    expect(disagreed.code).toBe(1);
    expect(disagreed.stderr).toContain(`the first bad event is seq ${last.seq}.`);
    expect(disagreed.stderr).toContain(`anchor ${last.seq}:${wrongHash} disagrees`);

    const beyond = await verify('--anchor', `99:${last.hash.slice(0, 8)}`);
    expect(beyond.code).toBe(1);
    expect(beyond.stderr).toContain('anchor 99:');
    expect(beyond.stderr).toContain('has no event 99');
  });

  it.each([
    [[], 'No command given.'],
    [['audit', 'verify', '--anchor', '12'], '--anchor "12" is not SEQ:HASHPREFIX'],
    [['audit', 'verify', '--anchor', '12:abc'], 'at least 8 hex characters'],
    [['audit', 'verify', '--anchor', '0:0123456789'], '--anchor "0:0123456789" is not SEQ:HASHPREFIX'],
    [['audit', 'verify', '--anchor', '12:not-a-hash!'], '--anchor "12:not-a-hash!" is not SEQ:HASHPREFIX'],
    [
      ['audit'],
      'Unknown command "audit". The commands are: table create, audit export, audit verify, audit cloudtrail, approvers enrol, approvers revoke, approvers check.',
    ],
    [['audit', 'export', '--bogus'], 'Unknown option --bogus.'],
    [['approvers', 'enrol', '--name', 'alice'], '--member is required'],
    [['approvers', 'enrol', '--member', '@alice', '--name', 'alice'], '--member must be a Slack user ID'],
    [['approvers', 'enrol', '--member', 'U0ALICE', '--name', 'a b'], '--name must be up to 64'],
    [
      ['approvers', 'revoke', '--member', 'U0ALICE', '--serial', '../x'],
      '--serial must be an MFA device serial',
    ],
    [['audit', 'export', '--format', 'xml'], '--format must be jsonl or csv'],
    [
      ['audit', 'export', '--request', 'r1', '--user', 'alice'],
      'Give at most one of --request, --user and --actor.',
    ],
    [
      ['audit', 'export', '--from', 'yesterday'],
      '--from "yesterday" is not a day (2026-11-27) or an ISO-8601 time',
    ],
    [['audit', 'export', '--from', '2026-11-28', '--to', '2026-11-27'], '--from is after --to'],
    [['audit', 'export', '--actor', '@bob'], '--actor must be a Slack user ID'],
    [['audit', 'verify', '--table'], 'Option --table needs a value.'],
    [['audit', 'verify', '--table', 'x'], '--table must be a DynamoDB table name'],
    [['table', 'create', 'now'], 'Unexpected argument: now.'],
  ])('refuses %j with exit code 2 and says what is wrong', async (argv, message) => {
    const run = await runAgainst(table.client, argv);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/Run `mfa-reset-bot .*--help`/);
    expect(run.openedTables).toEqual([]);
  });

  it('refuses a config file it cannot read with exit code 2, saying what to set', async () => {
    const run = await runAgainst(table.client, ['audit', 'verify'], {
      env: { MFA_RESET_CONFIG: join(configDir, 'missing.yaml') },
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Cannot read the config file');
    expect(run.stderr).toContain('or pass --table NAME');
  });

  it('prints the usage with exit code 0 for --help', async () => {
    const general = await runAgainst(table.client, ['--help']);
    const exportHelp = await runAgainst(table.client, ['audit', 'export', '--help']);

    expect(general).toMatchObject({ code: 0, stderr: '' });
    expect(general.stdout).toContain(
      'mfa-reset-bot audit verify [--anchor SEQ:HASHPREFIX]... [--table NAME]',
    );
    expect(general.stdout).toContain('mfa-reset-bot audit cloudtrail --days N');
    expect(exportHelp.stdout).toContain('--format FORMAT');
  });

  it('exits with code 3 when the audit table cannot be reached', async () => {
    const unreachable = localClient(`http://127.0.0.1:${await freePort()}`);

    const run = await runAgainst(unreachable, ['audit', 'verify', '--table', 'mfa-reset-audit']);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain('ECONNREFUSED');
    unreachable.destroy();
  });
});
