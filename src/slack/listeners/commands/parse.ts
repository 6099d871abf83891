import { z } from 'zod';
import { type AuditFilter, auditFilterFromWords } from '../../../domain/audit-filter.js';
import { type ResetError, toResetError } from '../../../domain/errors.js';

/**
 * What `/mfa-reset TEXT` asks for. No text starts a request; otherwise the first word names a
 * subcommand from the table below, which parses the rest. Anything else gets the usage.
 */
export type CommandIntent =
  | { readonly kind: 'request' }
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

/** One row per subcommand; add new ones here (each parses its own words). */
const subcommands: readonly Subcommand[] = [
  {
    names: ['help', '-h', '--help', '?'],
    parse: (words, text) => (words.length === 0 ? { kind: 'help' } : unknown(text)),
  },
  { names: ['audit'], parse: parseAudit },
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
  const [name = '', ...rest] = text.split(/\s+/);
  const subcommand = subcommands.find((candidate) => candidate.names.includes(name.toLowerCase()));
  return subcommand === undefined ? unknown(text) : subcommand.parse(rest, text);
}
