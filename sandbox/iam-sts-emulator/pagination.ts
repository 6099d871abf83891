import { awsErrors } from './aws-errors.js';

/**
 * IAM's Marker/MaxItems/IsTruncated pagination. The marker is opaque to clients (here: the
 * offset, base64url-encoded); the page is the smaller of MaxItems and the emulator's page size,
 * so tests can force several pages without the client asking for small ones.
 */
export interface Page<T> {
  readonly items: T[];
  readonly isTruncated: boolean;
  readonly marker?: string;
}

export function paginate<T>(
  all: readonly T[],
  input: { marker?: string | undefined; maxItems?: string | undefined; pageSize: number },
): Page<T> {
  const maxItems = input.maxItems === undefined ? 100 : Number(input.maxItems);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) {
    throw awsErrors.validation(
      `1 validation error detected: Value '${input.maxItems}' at 'maxItems' failed to satisfy constraint: ` +
        'Member must have value between 1 and 1000',
    );
  }
  const start = input.marker === undefined ? 0 : decodeMarker(input.marker);
  const end = start + Math.min(maxItems, input.pageSize);
  const items = all.slice(start, end);
  if (end >= all.length) return { items, isTruncated: false };
  return { items, isTruncated: true, marker: Buffer.from(String(end)).toString('base64url') };
}

function decodeMarker(marker: string): number {
  const offset = Number(Buffer.from(marker, 'base64url').toString());
  if (!Number.isInteger(offset) || offset < 0) throw awsErrors.validation('Invalid Marker.');
  return offset;
}
