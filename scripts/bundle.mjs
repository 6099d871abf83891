#!/usr/bin/env node
// The second half of `npm run build`: bundles the bot's entry point (src/main.ts and every module it
// imports, dependencies included) into dist/main.js, replacing the file tsc wrote. One file starts
// faster than hundreds of modules resolved and read one by one (whitespace and syntax are
// minified, names are not). esbuild writes the source map itself: positions only, no copies of
// the sources (`sourcesContent: false`), so the map stays small to load and `--enable-source-maps`
// maps every frame to its file, ours in src/ and the dependencies' in node_modules/.
// Finally it stamps dist/ as built, for `npm start` (scripts/build-if-stale.mjs).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
// `--outdir DIR` (default dist/) lets the tests bundle into a directory of their own.
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = resolve(root.pathname, outdirFlag === -1 ? 'dist' : process.argv[outdirFlag + 1]);
const outfile = join(outdir, 'main.js');

await build({
  absWorkingDir: root.pathname,
  entryPoints: ['src/main.ts'],
  outfile,
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
