import { z } from 'zod';
import { ResetError } from '../domain/errors.js';
import type { AuditQuery } from '../services/ports.js';

/**
 * Page cursors are opaque to callers: base64url of the key of the last event returned and the
 * query kind it belongs to, so a cursor from one kind of query is refused by another.
 */
const cursorSchema = z.object({
  by: z.enum(['request', 'target', 'actor', 'time']),
  key: z.record(z.string(), z.string()),
});

export type PageKey = Record<string, string>;

export function encodeCursor(by: AuditQuery['by'], key: PageKey): string {
  return Buffer.from(JSON.stringify({ by, key }), 'utf8').toString('base64url');
}

export function decodeCursor(by: AuditQuery['by'], cursor: string): PageKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success || result.data.by !== by) {
    throw new ResetError('INPUT_INVALID', 'That page cursor is not valid for this audit query.', {
      details: { by },
    });
  }
  return result.data.key;
}
