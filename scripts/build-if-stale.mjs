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
  // A build takes a while (about 45 s on a small machine): say so, or a first start looks stuck.
  process.stderr.write(
    `mfa-reset-bot: ${builtAt === 0 ? 'no build yet' : 'sources changed'}, building dist/ (about 45 s)\n`,
  );
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
