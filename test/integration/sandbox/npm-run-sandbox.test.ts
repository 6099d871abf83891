import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { people } from '../../../sandbox/cast.js';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import { pageClient, requestForm } from './page-client.js';
import {
  commandOf,
  isAlive,
  isLoopbackHex,
  listeningAddressesOf,
  processTree,
  type Started,
  startCommand,
  startTrap,
} from './processes.js';

/**
 * `npm run sandbox` as a person runs it: in a terminal whose environment holds real-looking Slack
 * and AWS settings, all pointing at a trap that records any connection. The whole reset is driven
 * through the page's API; the trap must see nothing, every socket must be on loopback, and Ctrl-C
 * must leave no process behind.
 */
const started: Started[] = [];
afterEach(() => {
  for (const { child } of started.splice(0)) {
    if (child.pid !== undefined && isAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
  }
});

function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error(`not within ${timeoutMs} ms`));
      }
    }, 100);
  });
}

describe('npm run sandbox', () => {
  it('runs a whole reset on 127.0.0.1 only, never reaching the Slack and AWS its environment names, and Ctrl-C stops it all', async () => {
    const trap = await startTrap();
    const home = await mkdtemp(join(tmpdir(), 'sandbox-home-'));
    const sandbox = startCommand('npm', ['run', '-s', 'sandbox', '--', '--port', '0'], {
      PATH: process.env.PATH ?? '',
      HOME: home,
      SLACK_BOT_TOKEN: 'xoxb-1111-real-looking-token',
      SLACK_APP_TOKEN: 'xapp-1-real-looking',
      SLACK_SIGNING_SECRET: 'real-looking-secret',
      SLACK_API_URL: `${trap.url}/api/`,
      AWS_PROFILE: 'production',
      AWS_ACCESS_KEY_ID: 'AKIAREALLOOKING00000',
      AWS_SECRET_ACCESS_KEY: 'real/looking/secret',
      AWS_SESSION_TOKEN: 'real-looking-session',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: trap.url,
      AWS_ENDPOINT_URL_IAM: trap.url,
      AWS_ENDPOINT_URL_STS: trap.url,
      AWS_ENDPOINT_URL_DYNAMODB: trap.url,
    });
    started.push(sandbox);
    try {
      const ready = await sandbox.waitFor(
        /ready in (\d+\.\d) s[\s\S]*Open (http:\/\/127\.0\.0\.1:\d+\/)/,
        90_000,
      );
      expect(sandbox.output()).toMatch(/Nothing leaves the machine/);
      expect(sandbox.output()).toMatch(/Ctrl-C stops everything/);
      const tree = processTree(sandbox.child.pid!);
      expect(tree.some((pid) => commandOf(pid).includes('LoopbackDynamoDbLocal'))).toBe(true);
      const listening = listeningAddressesOf(tree);
      expect(listening.length).toBeGreaterThanOrEqual(5); // page, bot, emulator, Slack stand-in, DynamoDB
      expect(listening.filter((address) => !isLoopbackHex(address))).toEqual([]);

      const page = pageClient(ready[2]!);
      const { alice, erin } = people;
      await page.post('/api/command', { as: alice.slackId, channel: 'C0APPROVALS', text: '/mfa-reset' });
      const form = await page.eventually(alice.slackId, requestForm);
      await page.post('/api/submit', {
        as: alice.slackId,
        viewId: form.id,
        inputs: {
          [BlockId.reason]: { [ActionId.reason]: { type: 'plain_text_input', value: 'Lost my phone today' } },
        },
      });
      const request = await page.eventually(erin.slackId, (s) =>
        s.conversations[0]?.messages.find((m) => m.text.includes('waiting for approval')),
      );
      await page.post('/api/action', {
        as: erin.slackId,
        source: { channel: 'C0APPROVALS', ts: request.ts },
        actionId: ActionId.approve,
      });
      const approval = await page.eventually(erin.slackId, (s) =>
        s.modal.at(-1)?.title.text === 'Approve MFA reset' ? s.modal.at(-1) : undefined,
      );
      const codes = (await (await fetch(page.url('/api/authenticator'))).json()) as {
        entries: Array<{ approver: { slackId: string }; code: string }>;
      };
      const code = codes.entries.find((entry) => entry.approver.slackId === erin.slackId)!.code;
      await page.post('/api/submit', {
        as: erin.slackId,
        viewId: approval.id,
        inputs: { [BlockId.tokenCode]: { [ActionId.tokenCode]: { type: 'plain_text_input', value: code } } },
      });
      await page.eventually(alice.slackId, (s) =>
        s.conversations.find((c) => c.id === 'D0ALICE')?.messages.find((m) => m.text.includes('were reset')),
      );
      const iam = (await (await fetch(page.url('/api/iam'))).json()) as {
        users: Array<{ userName: string; devices: unknown[] }>;
      };
      expect(iam.users.find((user) => user.userName === alice.iamUser)?.devices).toEqual([]);
      expect(trap.connections()).toBe(0);

      // Ctrl-C in a terminal signals the whole foreground process group.
      process.kill(-sandbox.child.pid!, 'SIGINT');
      await sandbox.waitFor(/Stopped\./, 20_000);
      await waitUntil(() => tree.every((pid) => !isAlive(pid)), 20_000);
    } finally {
      await trap.close();
    }
  }, 180_000);

  it('leaves no Java behind even when it is killed outright', async () => {
    const sandbox = startCommand(process.execPath, ['--import', 'tsx', 'sandbox/main.ts', '--port', '0'], {
      PATH: process.env.PATH ?? '',
    });
    started.push(sandbox);
    await sandbox.waitFor(/ready in/, 90_000);
    const java = processTree(sandbox.child.pid!).filter((pid) => commandOf(pid).includes('java'));
    expect(java).toHaveLength(1);

    process.kill(sandbox.child.pid!, 'SIGKILL');

    await waitUntil(() => !isAlive(java[0]!), 15_000);
  }, 120_000);

  it('says that Java is missing and how to install it', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-java-'));
    const sandbox = startCommand(process.execPath, ['--import', 'tsx', 'sandbox/main.ts'], {
      PATH: empty,
    });
    started.push(sandbox);
    const [code] = await once(sandbox.child, 'exit');
    expect(code).toBe(1);
    expect(sandbox.output()).toMatch(/no `java` on the PATH/);
    expect(sandbox.output()).toMatch(/apt-get install openjdk-17-jdk-headless/);
  }, 60_000);
});
