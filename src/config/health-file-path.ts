import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the Socket Mode bot writes its health: `HEALTH_FILE` when set, otherwise a file in the system's temporary folder. */
export function healthFilePath(configured: string | undefined): string {
  const path = (configured ?? '').trim();
  return path === '' ? join(tmpdir(), 'mfa-reset-bot-health.json') : path;
}
