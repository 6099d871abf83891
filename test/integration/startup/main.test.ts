import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeSlack } from '../../../sandbox/fake-slack/index.js';
import { createTable } from '../../../src/store/index.js';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;

/** Runs the built entry point (what `npm start` runs) with only `env`, and collects its output. */
async function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  return { child, output: () => ({ stderr, stdout }) };
}

const validConfig = `
slack: { approvalChannel: C0APPROVALS }
approvers: { users: [U0ERIN] }
aws: { botMfaSerial: "arn:aws:iam::123456789012:mfa/mfa-reset-bot" }
mapping: [{ email: { template: "{localPart}" } }]
`;

describe('the bot’s entry point (npm start)', () => {
  beforeAll(async () => {
    await run('npm', ['run', '-s', 'build'], { cwd: root });
  }, 180_000);

  it('stops with exit code 1 and names every missing setting when the environment is empty', async () => {
    const { child, output } = await runMain({});
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    const { stderr } = output();
    for (const key of [
      'SLACK_BOT_TOKEN',
      'AWS_REGION',
      'MFA_RESET_CONFIG',
      'SLACK_SIGNING_SECRET',
      'SLACK_APP_TOKEN',
    ]) {
      expect(stderr).toContain(key);
    }
    expect(stderr).toContain('No Slack app or AWS account yet? `npm run sandbox`');
  });

  it('names the configuration file it cannot read', async () => {
    const { child, output } = await runMain({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      AWS_REGION: 'us-east-1',
      MFA_RESET_CONFIG: '/nonexistent/mfa-reset-bot.yml',
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output().stderr).toContain('/nonexistent/mfa-reset-bot.yml');
  });

  it('stops with exit code 1 on a misspelt key and a value out of range, saying what to set for each', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-reset-bot-'));
    await writeFile(
      join(dir, 'config.yml'),
      `${validConfig}requests: { reasonMinLenght: 20, ttlMinutes: 2 }\n`,
    );
    const { child, output } = await runMain({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      AWS_REGION: 'us-east-1',
      MFA_RESET_CONFIG: join(dir, 'config.yml'),
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output().stderr).toBe(
      `mfa-reset-bot: Invalid configuration in ${join(dir, 'config.yml')}:\n` +
        '  - requests.ttlMinutes: is 2, out of range: set a whole number from 5 to 10080\n' +
        '  - requests.reasonMinLenght: unknown key: did you mean reasonMinLength?\n',
    );
  });

  it('stops with exit code 1 on the retired aws.stepUp: when-required, saying what to set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-reset-bot-'));
    await writeFile(
      join(dir, 'config.yml'),
      validConfig.replace('aws: { botMfaSerial', 'aws: { stepUp: when-required, botMfaSerial'),
    );
    const { child, output } = await runMain({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      AWS_REGION: 'us-east-1',
      MFA_RESET_CONFIG: join(dir, 'config.yml'),
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output().stderr).toBe(
      `mfa-reset-bot: Invalid configuration in ${join(dir, 'config.yml')}:\n` +
        '  - aws.stepUp: is "when-required", which this version no longer offers: set always, or remove the key (always is the default)\n',
    );
  });

  /** The built bot in HTTP mode on a fresh audit table, with `audit` settings besides the table's name. */
  async function startMain(audit = '') {
    const slack = await startFakeSlack();
    const dir = await mkdtemp(join(tmpdir(), 'mfa-reset-bot-'));
    // /healthz reads the audit table: it must exist.
    const table = `main-${randomUUID()}`;
    const client = new DynamoDBClient({
      endpoint: inject('dynamoDbEndpoint'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTable({ client, tableName: table });
    client.destroy();
    await writeFile(join(dir, 'config.yml'), `${validConfig}audit: { table: ${table}${audit} }\n`);
    const { child, output } = await runMain({
      SLACK_BOT_TOKEN: slack.identity.botToken,
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
      // Nothing listens there: neither S3 nor CloudTrail is called before the first check.
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_CLOUDTRAIL: 'http://127.0.0.1:9',
      MFA_RESET_CONFIG: join(dir, 'config.yml'),
    });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up line:\n${output().stderr}`)), 20_000);
      child.once('exit', (code) =>
        reject(new Error(`exited (${code}) before starting:\n${output().stderr}`)),
      );
      child.stdout.on('data', () => {
        const match = /"port":(\d+)/.exec(output().stdout);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    return {
      child,
      output,
      port,
      close: async () => {
        child.kill('SIGKILL');
        await slack.close();
      },
    };
  }

  it('starts in HTTP mode, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const main = await startMain();
    try {
      const health = await fetch(`http://127.0.0.1:${main.port}/healthz`);
      expect(health.status).toBe(200);
      main.child.kill('SIGTERM');
      const [code] = await once(main.child, 'exit');
      expect(code).toBe(0);
    } finally {
      await main.close();
    }
  });

  it('loads the S3 and CloudTrail clients from the chunks beside main.js when the config asks for them', async () => {
    // The anchors' S3 client is loaded before the start line, the CloudTrail client right after it.
    const main = await startMain(
      ', anchors: { bucket: mfa-reset-anchors, prefix: "" }, cloudtrailCheckMinutes: 60',
    );
    try {
      await sleep(1_000);
      expect((await fetch(`http://127.0.0.1:${main.port}/healthz`)).status).toBe(200);
      main.child.kill('SIGTERM');
      const [code] = await once(main.child, 'exit');
      expect(main.output().stderr).not.toMatch(/failed to start|Cannot find module/);
      expect(code).toBe(0);
    } finally {
      await main.close();
    }
  });
});
