import { z } from 'zod';

/** `/mfa-reset` takes no argument (start a request) or `help`; anything else gets the usage. */
export type CommandIntent = { kind: 'request' } | { kind: 'help' } | { kind: 'unknown'; text: string };

const commandText = z
  .string()
  .max(2_000)
  .transform((text) => text.trim());

export function parseCommandText(raw: unknown): CommandIntent {
  const parsed = commandText.safeParse(raw ?? '');
  if (!parsed.success) return { kind: 'unknown', text: '' };
  const text = parsed.data;
  if (text === '') return { kind: 'request' };
  if (/^(help|-h|--help|\?)$/i.test(text)) return { kind: 'help' };
  return { kind: 'unknown', text: text.slice(0, 100) };
}
