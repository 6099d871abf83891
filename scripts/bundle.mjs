#!/usr/bin/env node
// The second half of `npm run build`: bundles the bot's entry point (src/main.ts and every module it
// imports, dependencies included) into dist/main.js, replacing the file tsc wrote. A few files start
// faster than hundreds of modules resolved and read one by one (whitespace and syntax are
// minified, names are not). What the bot loads only when it needs it (`await import(…)`: the S3
// client of the chain's anchors, the CloudTrail client, the AWS SDK's credential sources other
// than the one in use) goes to chunks of its own beside main.js (`main-*.js`), so that no start
// parses code it may never run. esbuild writes the source maps itself: positions only, no copies
// of the sources (`sourcesContent: false`), so the maps stay small to load and
// `--enable-source-maps` maps every frame to its file, ours in src/ and the dependencies' in
// node_modules/. Finally it stamps dist/ as built, for `npm start` (scripts/build-if-stale.mjs).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
// `--outdir DIR` (default dist/) lets the tests bundle into a directory of their own.
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = resolve(root.pathname, outdirFlag === -1 ? 'dist' : process.argv[outdirFlag + 1]);
const CHUNK = /^main-.+-[A-Z0-9]{8}\.js(\.map)?$/;
mkdirSync(outdir, { recursive: true });

// The chunks of an earlier build: their names carry a hash of their content, so they are never overwritten.
for (const file of readdirSync(outdir, { withFileTypes: true }).filter((entry) => entry.isFile())) {
  if (CHUNK.test(file.name)) rmSync(join(outdir, file.name));
}

await build({
  absWorkingDir: root.pathname,
  entryPoints: { main: 'src/main.ts' },
  outdir,
  // Beside main.js, not in a folder of their own: src/version.ts finds package.json one folder up.
  splitting: true,
  chunkNames: 'main-[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The AWS SDK's ES module builds, so that what the bot does not use is left out (tree shaking).
  mainFields: ['module', 'main'],
  // Less text to read and parse at every start; names are kept, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  // CommonJS dependencies inside an ES module still expect require, __filename and __dirname.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      "import { dirname as __pathDirname } from 'node:path';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      'const __dirname = __pathDirname(__filename);',
    ].join('\n'),
  },
});

writeFileSync(join(outdir, '.built'), `${new Date().toISOString()}\n`);
