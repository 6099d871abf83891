import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type IamStsEmulator, startIamStsEmulator } from '../../../sandbox/iam-sts-emulator/index.js';
import { documentedCommand, runDocumented } from './documented-commands.js';

/**
 * The command block of docs/audit-trail.md, run exactly as written from the checkout, against
 * DynamoDB Local and the CloudTrail of the IAM/STS emulator, configured the way the doc says:
 * the SDK's standard variables, and the table named by `audit.table` in MFA_RESET_CONFIG (here a
 * table of this test's own, since the commands take no --table).
 */

const doc = 'docs/audit-trail.md';
let emulator: IamStsEmulator;
let workDir: string;
let env: Record<string, string>;
const tableName = `docs-audit-${randomUUID()}`;

beforeAll(async () => {
  emulator = await startIamStsEmulator();
  const key = emulator.state.addBotUser({ approvers: ['U0APPROVER'] });
  workDir = await mkdtemp(join(tmpdir(), 'mfa-reset-docs-'));
  const configPath = join(workDir, 'mfa-reset-bot.yml');
  await writeFile(configPath, `audit:\n  table: ${tableName}\n`);
  env = {
    MFA_RESET_CONFIG: configPath,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    AWS_ENDPOINT_URL_CLOUDTRAIL: emulator.url,
  };
});

afterAll(async () => {
  await emulator?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const run = (command: string) => runDocumented(documentedCommand(doc, command), { env });
/** What the command line wrote, without npm's lines about the script it runs. */
const output = (text: string) =>
  text
    .split('\n')
    .filter((line) => !line.startsWith('> ') && line !== '')
    .join('\n');

// One after the other: the first creates the table the others read.
describe('the audit trail’s command line, as docs/audit-trail.md shows it', () => {
  it('creates the table, and says so again when it exists', async () => {
    const first = await run('npm run cli -- table create');
    expect(first.code).toBe(0);
    expect(output(first.stdout)).toBe(`Table ${tableName} created; it is active.`);
    expect(output((await run('npm run cli -- table create')).stdout)).toBe(
      `Table ${tableName} already exists; it is active.`,
    );
  }, 240_000);

  it.each(['npm run cli -- audit export --request ID', 'npm run cli -- audit export --actor U0123ABCD'])(
    'exports as JSON lines: %s',
    async (command) => {
      const result = await run(command);
      expect(result).toMatchObject({ code: 0 });
      expect(output(result.stdout)).toBe('');
      expect(result.stderr).toContain(`Exported 0 audit events from ${tableName}.`);
    },
    120_000,
  );

  it('exports as CSV: a header line', async () => {
    const result = await run(
      'npm run cli -- audit export --user alice --from 2026-01-01 --to 2026-01-31 --format csv',
    );
    expect(result.code).toBe(0);
    expect(output(result.stdout).split('\n')).toHaveLength(1);
  }, 120_000);

  it('verifies the trail', async () => {
    const result = await run('npm run cli -- audit verify');
    expect(result.code).toBe(0);
    expect(output(result.stdout)).toBe(
      `Audit trail in ${tableName} is intact: 0 events and 0 requests checked.`,
    );
  }, 120_000);

  it.each([
    'npm run cli -- audit verify --anchor 1042:3f9c0a7be21d4c55',
    'npm run cli -- audit verify --anchor 1042:3f9c0a7be21d4c55 --anchor 1187:9be0f2d41c6a7e03',
  ])(
    'fails verification, exit code 1, against anchors this trail does not hold: %s',
    async (command) => {
      const result = await run(command);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Audit trail in ${tableName} is NOT intact`);
    },
    120_000,
  );

  it('lists the MFA resets in CloudTrail the trail does not account for: none here', async () => {
    const result = await run('npm run cli -- audit cloudtrail --days 30');
    expect(result.code).toBe(0);
  }, 120_000);

  it('prints every option of a command', async () => {
    const result = await run('npm run cli -- audit export --help');
    expect(result.code).toBe(0);
    expect(output(result.stdout)).toContain('Usage: mfa-reset-bot audit export');
  }, 120_000);
});
