import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../sandbox/fake-slack/index.js';
import { VERSION } from '../../../src/version.js';
import { BOT_ENTRY_POINT, ensureBuilt } from '../../harness/built-entry-point.js';

const root = new URL('../../../', import.meta.url).pathname;

const policy = `
slack: { approvalChannel: C0APPROVALS }
approvers: { users: [U0ERIN] }
aws: { botMfaSerial: "arn:aws:iam::210987654321:mfa/mfa-reset-bot" }
mapping: [{ email: { template: "{localPart}" } }]
audit: { table: start-up-audit }
`;

/** A loopback port that nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The built entry point (what `npm start` runs) with only `env`; its output collected. */
function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [BOT_ENTRY_POINT], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return { child, output: () => ({ stdout, stderr }) };
}

/** The bot's JSON log lines so far. */
function logLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The start lines the bot wrote, once it wrote one (polling its stdout). */
async function startLines(output: () => { stdout: string }): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const lines = logLines(output().stdout).filter((line) => line.msg === 'mfa-reset-bot started');
    if (lines.length > 0 || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('starting the bot (npm start)', () => {
  let configPath: string;
  let awsNowhere: string;
  let child: ChildProcess | undefined;
  let slack: FakeSlack | undefined;

  beforeAll(async () => {
    await ensureBuilt();
    const dir = await mkdtemp(join(tmpdir(), 'mfa-reset-start-up-'));
    configPath = join(dir, 'config.yml');
    await writeFile(configPath, policy);
    awsNowhere = `http://127.0.0.1:${await closedPort()}`;
  }, 300_000);
  afterEach(async () => {
    child?.kill('SIGKILL');
    await slack?.close();
    slack = undefined;
  });

  const environment = (slackSettings: Record<string, string>) => ({
    ...slackSettings,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_IAM: awsNowhere,
    AWS_ENDPOINT_URL_STS: awsNowhere,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    MFA_RESET_CONFIG: configPath,
  });

  it('logs one start line with its version, mode, table and account once Socket Mode is connected', async () => {
    slack = await startFakeSlack();
    const bot = startMain(
      environment({
        SLACK_BOT_TOKEN: slack.identity.botToken,
        SLACK_APP_TOKEN: slack.identity.appToken,
        SLACK_API_URL: slack.apiUrl,
      }),
    );
    child = bot.child;
    await slack.socketMode.waitForConnections(1, { timeoutMs: 30_000 });
    const started = await startLines(bot.output);

    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({
      version: VERSION,
      mode: 'socket',
      table: 'start-up-audit',
      account: '210987654321',
      slackTeam: expect.any(String),
    });
    // Stopped right after its start line, it still stops cleanly.
    bot.child.kill('SIGTERM');
    const [code] = await once(bot.child, 'exit');
    expect(code).toBe(0);
  });

  it.each([
    ['Socket Mode', { SLACK_APP_TOKEN: 'xapp-1-A0MFARESET-test' }],
    ['HTTP mode', { SLACK_SIGNING_SECRET: 'secret', PORT: '0', HOST: '127.0.0.1' }],
  ])(
    'in %s says plainly that it cannot reach Slack, and exits non-zero',
    async (_mode, settings) => {
      const apiUrl = `http://127.0.0.1:${await closedPort()}/api/`;
      const bot = startMain(
        environment({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: apiUrl, ...settings }),
      );
      child = bot.child;
      const [code] = await once(bot.child, 'exit');

      expect(code).not.toBe(0);
      expect(bot.output().stderr).toContain(
        `mfa-reset-bot: failed to start: Cannot reach Slack at ${apiUrl}: ECONNREFUSED (SLACK_UNREACHABLE)\n`,
      );
      expect(logLines(bot.output().stdout).filter((line) => line.msg === 'mfa-reset-bot started')).toEqual(
        [],
      );
    },
    60_000,
  );
});
