import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MANIFEST_BOT_SCOPES, REQUIRED_SCOPES } from '../../sandbox/fake-slack/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
type Manifest = Record<string, Record<string, unknown>>;
const manifest = parse(readFileSync(resolve(repoRoot, 'manifest.yml'), 'utf8')) as Manifest;

describe('manifest.yml', () => {
  it('asks for exactly the bot scopes the bot uses, the ones the fake Slack grants', () => {
    const scopes = [
      'commands',
      'chat:write',
      'im:write',
      'users:read',
      'users:read.email',
      'usergroups:read',
      'files:write',
    ];
    expect(manifest.oauth_config?.scopes).toEqual({ bot: scopes });
    expect([...MANIFEST_BOT_SCOPES]).toEqual(scopes);
  });

  it('asks for a scope for every Web API method the bot calls, and for no scope nothing needs', () => {
    const sources = readdirSync(resolve(repoRoot, 'src/slack'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(resolve(repoRoot, 'src/slack', file), 'utf8'))
      .join('\n');
    const called = new Set(
      [...sources.matchAll(/\.(chat|views|users|usergroups|conversations|files)\.(users\.)?(\w+)\(/g)].map(
        ([, family, nested, method]) => `${family}.${nested ?? ''}${method}`,
      ),
    );
    expect([...called].sort()).toEqual(
      [
        'chat.postMessage',
        'chat.update',
        'conversations.open',
        'files.completeUploadExternal',
        'files.getUploadURLExternal',
        'usergroups.users.list',
        'users.info',
        'views.open',
        'views.publish',
        'views.push',
        'views.update',
      ].sort(),
    );
    const granted = (manifest.oauth_config?.scopes as { bot?: string[] } | undefined)?.bot ?? [];
    for (const method of called) {
      const needed = REQUIRED_SCOPES[method] ?? [];
      if (needed.length > 0)
        expect(
          needed.some((scope) => granted.includes(scope)),
          method,
        ).toBe(true);
    }
    // Scopes no method above needs, each for a reason: the slash command, and reading profile e-mails.
    const used = new Set(
      [...called].flatMap((method) => (REQUIRED_SCOPES[method] ?? []).filter((s) => granted.includes(s))),
    );
    expect(granted.filter((scope) => !used.has(scope)).sort()).toEqual(['commands', 'users:read.email']);
  });

  it('offers /mfa-reset with a description and usage hint, escaped so that mentions carry member IDs', () => {
    expect(manifest.features?.slash_commands).toEqual([
      {
        command: '/mfa-reset',
        description: expect.any(String),
        usage_hint: '[help | status | cancel | @member | audit …]',
        should_escape: true,
      },
    ]);
  });

  it('turns on interactivity, the Home tab and the messages tab, and subscribes only to app_home_opened', () => {
    expect(manifest.settings?.interactivity).toEqual({ is_enabled: true });
    expect(manifest.features?.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings?.event_subscriptions).toEqual({ bot_events: ['app_home_opened'] });
  });

  it('runs in Socket Mode and so names no request URL', () => {
    expect(manifest.settings?.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(manifest)).not.toMatch(/"(url|request_url)"/);
    expect(manifest.display_information).toMatchObject({ name: 'mfa-reset-bot' });
    expect(manifest.features?.bot_user).toMatchObject({ display_name: 'mfa-reset-bot' });
  });
});
