import * as z from 'zod';
import { type AuditFilter, auditFilterFromWords } from '../../domain/audit-filter.js';
import { type ResetError, toResetError } from '../../domain/errors.js';

/**
 * What `/mfa-reset TEXT` asks for. No text starts a request; otherwise the first word names a
 * subcommand from the table below, which parses the rest. Anything else gets the usage.
 */
export type CommandIntent =
  | { readonly kind: 'request' }
  /** A help-desk request: `/mfa-reset @member`, the member's ID as Slack escapes the mention. */
  | { readonly kind: 'request-for'; readonly targetSlackId: string }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'status' }
  | { readonly kind: 'help' }
  | {
      readonly kind: 'audit';
      /** Undefined: no filter given, so the filter modal opens. */
      readonly filter?: AuditFilter;
      /** The one thing wrong with the filter words, shown to the auditor in the modal. */
      readonly problem?: ResetError;
    }
  | { readonly kind: 'unknown'; readonly text: string };

interface Subcommand {
  readonly names: readonly string[];
  /** The words after the subcommand's name. */
  readonly parse: (words: readonly string[], text: string) => CommandIntent;
}

function unknown(text: string): CommandIntent {
  return { kind: 'unknown', text: text.slice(0, 100) };
}

function parseAudit(words: readonly string[]): CommandIntent {
  if (words.length === 0) return { kind: 'audit' };
  try {
    return { kind: 'audit', filter: auditFilterFromWords(words) };
  } catch (error) {
    return { kind: 'audit', problem: toResetError(error) };
  }
}

/** A subcommand that takes no words. */
function bare(kind: 'help' | 'cancel' | 'status') {
  return (words: readonly string[], text: string): CommandIntent =>
    words.length === 0 ? { kind } : unknown(text);
}

/**
 * A member's mention as Slack sends it with `should_escape: true`: `<@U0123ABCD>`, or with the
 * display name after a bar, `<@U0123ABCD|alice>`. Only the ID is kept; the name is the typist's.
 */
const mentionSchema = z
  .string()
  .regex(/^<@[UW][A-Z0-9]{2,20}(?:\|[^<>]{0,100})?>$/)
  .transform((word) => word.slice(2, -1).split('|')[0]!);

/** One row per subcommand; add new ones here (each parses its own words). */
const subcommands: readonly Subcommand[] = [
  {
    names: ['help', '-h', '--help', '?'],
    parse: bare('help'),
  },
  { names: ['audit'], parse: parseAudit },
  { names: ['cancel'], parse: bare('cancel') },
  { names: ['status'], parse: bare('status') },
];

const commandText = z
  .string()
  .max(2_000)
  .transform((text) => text.trim());

export function parseCommandText(raw: unknown): CommandIntent {
  const parsed = commandText.safeParse(raw ?? '');
  if (!parsed.success) return { kind: 'unknown', text: '' };
  const text = parsed.data;
  if (text === '') return { kind: 'request' };
  // The whole text: a display name after the bar may hold spaces.
  const mentioned = mentionSchema.safeParse(text);
  if (mentioned.success) return { kind: 'request-for', targetSlackId: mentioned.data };
  const [name = '', ...rest] = text.split(/\s+/);
  const subcommand = subcommands.find((candidate) => candidate.names.includes(name.toLowerCase()));
  return subcommand === undefined ? unknown(text) : subcommand.parse(rest, text);
}
