import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { people } from '../../../sandbox/cast.js';
import { type ServedSandbox, startServedSandbox } from '../browser/served-sandbox.js';
import { type MemberState, type PageClient, pageClient, requestForm } from './page-client.js';

/**
 * The page's API without a browser: what a member sees, the signed interactions it sends, Slack's
 * refusals as Slack shows them, the reset, and the guards that keep the API to this machine.
 */
let served: ServedSandbox;
let page: PageClient;
const url = (path: string) => page.url(path);
const post = (path: string, body: unknown) => page.post(path, body);
const stateOf = (slackId: string) => page.stateOf(slackId);
const eventually = <T>(slackId: string, probe: (state: MemberState) => T | undefined) =>
  page.eventually(slackId, probe);

const bobsSerials = () =>
  served.sandbox.aws.state.devicesOf(people.bob.iamUser).map((device) => device.serial);

beforeAll(async () => {
  served = await startServedSandbox({
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    tableName: `sandbox-${randomUUID()}`,
  });
  page = pageClient(served.page.url);
}, 60_000);

afterAll(async () => {
  await served?.stop();
});

describe('the sandbox page’s API', () => {
  it('opens the bot’s request modal for /mfa-reset, through the Slack stand-in', async () => {
    const sent = await post('/api/command', {
      as: people.bob.slackId,
      channel: 'C0APPROVALS',
      text: '/mfa-reset',
    });
    expect(sent.status).toBe(200);
    const form = await eventually(people.bob.slackId, requestForm);
    expect(JSON.stringify(form.blocks)).toContain('GAHT10000001');
    type Input = { block_id?: string; element?: { initial_options?: Array<{ value: string }> } };
    const devices = (form.blocks as Input[]).find((block) => block.block_id === 'devices')?.element;
    expect(devices?.initial_options?.map((option) => option.value)).toEqual(
      bobsSerials().filter((serial) => serial.startsWith('arn:')),
    );
  });

  it('shows Slack’s own words for a command the app does not declare', async () => {
    await post('/api/command', {
      as: people.carol.slackId,
      channel: 'C0APPROVALS',
      text: '/reset-everything now',
    });
    const notice = await eventually(people.carol.slackId, (s) => s.notices.at(-1));
    expect(notice.text).toMatch(/\/reset-everything is not a valid command/);
    expect(served.sandbox.slack.calls().filter((c) => c.method === 'views.open')).toHaveLength(1);
  });

  it('hands the bot a stale trigger_id on request: Slack refuses its views.open and the bot says so', async () => {
    const before = served.sandbox.slack.callCount();
    await post('/api/command', {
      as: people.fiona.slackId,
      channel: 'C0APPROVALS',
      text: '/mfa-reset',
      staleTrigger: true,
    });
    const refused = await eventually(people.fiona.slackId, (s) =>
      s.apiLog.find((call) => call.method === 'views.open' && !call.ok),
    );
    expect(refused.error).toBe('expired_trigger_id');
    const reply = await eventually(people.fiona.slackId, (s) =>
      s.conversations[0]?.messages.find((m) => m.ephemeral),
    );
    expect(reply.text).toMatch(/Slack/);
    // Retrying at once works (the next command brings a fresh trigger_id), so the words say so.
    expect(reply.text).toMatch(/again now/);
    expect(served.sandbox.slack.calls('views.open', { since: before }).every((c) => !c.response.ok)).toBe(
      true,
    );
  });

  it('keeps a submission the bot answers with errors open, the errors under their inputs', async () => {
    const form = await eventually(people.bob.slackId, requestForm);
    // Twelve spaces pass Slack's min_length; the bot trims them and answers response_action: errors.
    const answer = await post('/api/submit', {
      as: people.bob.slackId,
      viewId: form.id,
      inputs: { reason: { reason: { type: 'plain_text_input', value: ' '.repeat(12) } } },
    });
    expect(answer.body).toMatchObject({ ok: true, accepted: true });
    const shown = await eventually(people.bob.slackId, (s) => s.modal.at(-1)?.errors.reason);
    expect(shown).toMatch(/Fill this in/);
  });

  it('refuses what Slack’s client would never send, and says why', async () => {
    const modal = (await stateOf(people.bob.slackId)).modal.at(-1)!;
    const answer = await post('/api/submit', {
      as: people.bob.slackId,
      viewId: modal.id,
      inputs: {
        devices: { devices: { type: 'checkboxes', values: ['arn:aws:iam::123456789012:mfa/not-offered'] } },
      },
    });
    expect(answer.status).toBe(409);
    expect(String(answer.body.error)).toMatch(/no option/);
  });

  it('posts a good submission to the approvals channel and records it', async () => {
    const form = await eventually(people.bob.slackId, requestForm);
    const answer = await post('/api/submit', {
      as: people.bob.slackId,
      viewId: form.id,
      inputs: {
        // Only the authenticator app comes ticked: the token is reset because bob ticks it too.
        devices: { devices: { type: 'checkboxes', values: bobsSerials() } },
        reason: { reason: { type: 'plain_text_input', value: 'Phone and token both lost' } },
      },
    });
    expect(answer.body).toMatchObject({ accepted: true });
    await eventually(people.erin.slackId, (s) =>
      s.conversations[0]?.messages.find((m) => m.text.includes('requested by <@U0BOB>')),
    );
    expect((await served.sandbox.audit.events()).map((e) => e.type)).toContain('REQUEST_CREATED');
  });

  it('sends app_home_opened when a member opens the Home tab, and shows what the bot published', async () => {
    expect((await post('/api/home', { as: people.olivia.slackId })).status).toBe(200);
    const home = await eventually(people.olivia.slackId, (s) => s.home ?? undefined);
    expect(JSON.stringify(home.blocks)).toContain('/mfa-reset help');
    expect(served.sandbox.slack.calls('views.publish').at(-1)?.args.user_id).toBe(people.olivia.slackId);
  });

  it('rejects malformed requests at the boundary', async () => {
    expect(
      (await post('/api/command', { as: 'alice', channel: 'C0APPROVALS', text: '/mfa-reset' })).status,
    ).toBe(400);
    expect((await fetch(url('/api/state?as=%3Cscript%3E'))).status).toBe(400);
    const form = await fetch(url('/api/reset'), {
      method: 'POST',
      body: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  it('answers only under its own address: another Host header is refused (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(served.page.url);
      const sent = request(
        { host: '127.0.0.1', port, path: '/api/cast', headers: { host: 'attacker.example:80' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      sent.on('error', reject);
      sent.end();
    });
    expect(status).toBe(421);
    expect((await fetch(url('/../../package.json'))).status).toBe(404);
    expect((await fetch(url('/sandbox.ts'))).status).toBe(404);
  });

  it('serves the page with a policy that loads nothing from elsewhere', async () => {
    const page = await fetch(url('/'));
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    expect(await page.text()).toContain('<script type="module" src="app.js">');
  });

  it('resets the sandbox to the demo state: account, workspace and audit trail', async () => {
    const alice = people.alice.iamUser;
    served.sandbox.aws.state.deleteDevice(served.sandbox.aws.state.devicesOf(alice)[0]!.serial);
    expect((await served.sandbox.audit.events()).length).toBeGreaterThan(0);

    expect((await post('/api/reset', {})).status).toBe(200);

    expect(served.sandbox.aws.state.devicesOf(alice)).toHaveLength(1);
    expect(served.sandbox.slack.calls().filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(await served.sandbox.audit.events()).toEqual([]);
    expect((await stateOf(people.bob.slackId)).modal).toEqual([]);
    const again = await post('/api/command', {
      as: people.alice.slackId,
      channel: 'C0APPROVALS',
      text: '/mfa-reset',
    });
    expect(again.status).toBe(200);
    await eventually(people.alice.slackId, requestForm);
  });

  it('shows each approver’s current code and runs audit verify through the command line', async () => {
    const codes = (await (await fetch(url('/api/authenticator'))).json()) as {
      entries: Array<{ approver: { slackId: string }; serial: string; code: string }>;
    };
    expect(codes.entries.map((e) => e.approver.slackId)).toEqual([people.erin.slackId, people.frank.slackId]);
    expect(codes.entries.map((e) => e.serial)).toEqual(served.sandbox.botUser.devices.map((d) => d.serial));
    const verdict = (await post('/api/audit/verify', {})).body;
    expect(verdict).toMatchObject({ intact: true, exitCode: 0 });
    expect(String(verdict.output)).toMatch(/is intact: \d+ events? and \d+ requests? checked/);
    // The demo bot anchors its chain in the emulator's S3, and verify checks the anchors too.
    expect(String(verdict.output)).toContain('every anchor in S3 agrees');
    expect(String(verdict.command)).toMatch(
      /AWS_ENDPOINT_URL_DYNAMODB=http:\/\/127\.0\.0\.1:\d+ .* MFA_RESET_CONFIG=\S+ npm run -s cli -- audit verify --table/,
    );
  });
});
