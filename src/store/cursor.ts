import * as z from 'zod';
import { ResetError } from '../domain/errors.js';
import type { AuditQuery } from '../services/ports.js';

/**
 * Page cursors are opaque to callers: base64url of the key of the last event returned, the query
 * kind and the order it belongs to, so a cursor from one kind of query or order is refused by another.
 */
const cursorSchema = z.object({
  by: z.enum(['request', 'target', 'actor', 'time']),
  key: z.record(z.string(), z.string().max(600)),
  newest: z.boolean().optional(),
});

export type PageKey = Record<string, string>;

/** Longest cursor accepted: a key of four attributes is far shorter. */
const MAX_CURSOR_LENGTH = 2000;

export function encodeCursor(by: AuditQuery['by'], key: PageKey, newestFirst = false): string {
  const body = newestFirst ? { by, key, newest: true } : { by, key };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

export function decodeCursor(by: AuditQuery['by'], cursor: string, newestFirst = false): PageKey {
  let parsed: unknown;
  try {
    parsed =
      cursor.length <= MAX_CURSOR_LENGTH
        ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
        : undefined;
  } catch {
    parsed = undefined;
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success || result.data.by !== by || (result.data.newest ?? false) !== newestFirst) {
    throw new ResetError('INPUT_INVALID', 'That page cursor is not valid for this audit query.', {
      details: { by },
    });
  }
  return result.data.key;
}
