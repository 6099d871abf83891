#!/usr/bin/env node
// `npm start` and `npm run cli` build first only when dist/ is older than what it is built from:
// the sources, the TypeScript settings, the dependencies or the build scripts. `npm run build`
// stamps dist/.built when it has finished (scripts/bundle.mjs).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
const inputs = [
  'src',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/bundle.mjs',
];

function newestMtimeMs(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newestMtimeMs(join(path, name))));
}

const builtAt = newestMtimeMs(join(root, 'dist', '.built'));
const changedAt = Math.max(...inputs.map((input) => newestMtimeMs(join(root, input))));
if (builtAt === 0 || changedAt > builtAt) {
  // The build prints nothing while it works: say what it is and how long it takes (measured on a
  // two-core machine; the first build also fills TypeScript's and esbuild's caches), then the time it took.
  process.stderr.write(
    builtAt === 0
      ? 'mfa-reset-bot: no build yet: building dist/ first (about 45 s, once; later starts skip it)…\n'
      : 'mfa-reset-bot: sources changed since the last build: rebuilding dist/ (about 30 s)…\n',
  );
  const started = performance.now();
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  process.stderr.write(
    result.status === 0
      ? `mfa-reset-bot: built in ${seconds} s.\n`
      : `mfa-reset-bot: the build failed after ${seconds} s (its errors are above).\n`,
  );
  process.exit(result.status ?? 1);
}
