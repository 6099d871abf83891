import { describe, expect, it } from 'vitest';
import type { FakeMessage } from '../../../sandbox/fake-slack/index.js';
import { escapeMentions, readAppManifest, splitCommand } from '../../../sandbox/page-server/manifest.js';
import { threaded } from '../../../sandbox/page-server/persona-view.js';

const message = (ts: string, extra: Partial<FakeMessage> = {}): FakeMessage => ({
  channel: 'C0APPROVALS',
  ts,
  text: `message ${ts}`,
  blocks: [],
  editCount: 0,
  deleted: false,
  ...extra,
});

describe('what a member sees of a conversation', () => {
  it('gathers thread replies under their parent, oldest first', () => {
    const shown = threaded(
      [
        message('1.1'),
        message('1.2', { threadTs: '1.1' }),
        message('1.3'),
        message('1.4', { threadTs: '1.1' }),
      ],
      'U0ALICE',
    );
    expect(shown.map((m) => [m.ts, m.replies.map((r) => r.ts)])).toEqual([
      ['1.1', ['1.2', '1.4']],
      ['1.3', []],
    ]);
  });

  it('shows an ephemeral message only to the member it was for', () => {
    const messages = [message('1.1', { ephemeralTo: 'U0ALICE' }), message('1.2')];
    expect(threaded(messages, 'U0ALICE').map((m) => [m.ts, m.ephemeral])).toEqual([
      ['1.1', true],
      ['1.2', false],
    ]);
    expect(threaded(messages, 'U0ERIN').map((m) => m.ts)).toEqual(['1.2']);
  });
});

describe('slash commands typed on the page', () => {
  it.each([
    ['/mfa-reset', { command: '/mfa-reset', text: '' }],
    ['  /mfa-reset   help ', { command: '/mfa-reset', text: 'help' }],
    ['/mfa-reset audit alice 7', { command: '/mfa-reset', text: 'audit alice 7' }],
  ])('splits %j as Slack does', (typed, split) => {
    expect(splitCommand(typed)).toEqual(split);
  });

  it('takes text that is no command for a message, not a command', () => {
    expect(splitCommand('hello /mfa-reset')).toBeUndefined();
  });

  it('knows the commands the app manifest declares', async () => {
    const manifest = await readAppManifest();
    expect(manifest.appName).toBe('mfa-reset-bot');
    expect(manifest.commands.map((c) => c.command)).toEqual(['/mfa-reset']);
    expect(manifest.messagesTabReadOnly).toBe(true);
    expect(manifest.commands[0]?.shouldEscape).toBe(true);
  });

  it('escapes a typed @name of a member as Slack does for should_escape commands', () => {
    const ids: Record<string, string> = { alice: 'U0ALICE', 'h.hughes': 'U0HENRY' };
    expect(escapeMentions('@alice', (name) => ids[name])).toBe('<@U0ALICE|alice>');
    expect(escapeMentions('audit @h.hughes 7', (name) => ids[name])).toBe('audit <@U0HENRY|h.hughes> 7');
    expect(escapeMentions('@nobody x@alice', (name) => ids[name])).toBe('@nobody x@alice');
  });
});
