import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MANIFEST_BOT_SCOPES, REQUIRED_SCOPES } from '../../sandbox/fake-slack/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Slack's manifest schema is kept beside the repository, not in it; the schema tests skip without it. */
const schemaPath = resolve(repoRoot, '../shared/schemas/slack-app-manifest.v1.schema.json');
const schemaExists = existsSync(schemaPath);
if (!schemaExists) {
  console.warn(
    `Skipping the manifest schema check: ${schemaPath} is absent (the repo was cloned on its own).`,
  );
}

type Manifest = Record<string, Record<string, unknown>>;
const manifest = parse(readFileSync(resolve(repoRoot, 'manifest.yml'), 'utf8')) as Manifest;

/** Schema violations as `path message` lines; empty when Slack's schema accepts the manifest. */
function schemaViolations(candidate: unknown): string[] {
  // strict: false because Slack's schema uses keywords of its own (e.g. `regex`); the only format it uses,
  // `uri` (for `$schema`), is accepted as is rather than pulling in ajv-formats.
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { uri: true } });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  if (validate(candidate)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`,
  );
}

describe('manifest.yml', () => {
  it.skipIf(!schemaExists)('is valid against Slack’s app manifest schema, major version 1', () => {
    expect(manifest._metadata).toMatchObject({ major_version: 1 });
    expect(schemaViolations(manifest)).toEqual([]);
  });

  it.skipIf(!schemaExists)('would be refused by the schema with a key Slack does not know', () => {
    const withUnknownKey = {
      ...manifest,
      settings: { ...manifest.settings, request_url: 'https://example.com' },
    };
    expect(schemaViolations(withUnknownKey)).toEqual([
      expect.stringContaining('/settings must NOT have additional properties'),
    ]);
  });

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
