import { execFile } from 'node:child_process';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './app-processes.js';

const run = promisify(execFile);

/** The bot's built entry point, as `npm start` runs it. */
export const BOT_ENTRY_POINT = 'dist/main.js';

const lockDir = join(projectRoot, '.cache', 'build.lock');
/** A lock older than this was left by a run that died while building. */
const STALE_LOCK_MS = 5 * 60_000;

/**
 * Makes sure dist/ is built from the current sources (`npm run build` when they changed since the
 * last build, as `npm start` does). Test files run in parallel: a lock directory makes the first
 * caller build while the others wait, so no process is started from a half-written dist/.
 */
export async function ensureBuilt(): Promise<void> {
  await mkdir(join(projectRoot, '.cache'), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(lockDir).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (since > STALE_LOCK_MS) await rmdir(lockDir).catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`${lockDir} stayed locked: is another build stuck?`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await run(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: projectRoot });
  } finally {
    await rmdir(lockDir).catch(() => undefined);
  }
}
