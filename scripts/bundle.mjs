#!/usr/bin/env node
// The second half of `npm run build`: bundles the bot's entry point (src/main.ts and every module it
// imports, dependencies included) into dist/main.js, replacing the file tsc wrote. One file starts
// faster than hundreds of modules resolved and read one by one (`npm run bench` measures it;
// whitespace and syntax are minified, names are not). The
// source map keeps only the bot's own sources, so `--enable-source-maps` maps our frames to src/
// at a small cost; dependency frames keep their names and point into the bundle.
// Finally it stamps dist/ as built, for `npm start` (scripts/build-if-stale.mjs).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((character, index) => [character, index]));

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

const mapFile = `${outfile}.map`;
const map = JSON.parse(readFileSync(mapFile, 'utf8'));
const ownSources = join(root.pathname, 'src/');
writeFileSync(
  mapFile,
  JSON.stringify(keepSources(map, (source) => resolve(outdir, source).startsWith(ownSources))),
);
writeFileSync(join(outdir, '.built'), `${new Date().toISOString()}\n`);

// ---- source map trimming (Source Map v3: base64 VLQ segments, fields relative to the previous) ----

function keepSources(sourceMap, keep) {
  const kept = sourceMap.sources.map((source) => keep(source));
  const newIndex = [];
  const sources = [];
  const sourcesContent = [];
  sourceMap.sources.forEach((source, index) => {
    if (!kept[index]) return;
    newIndex[index] = sources.length;
    sources.push(source);
    sourcesContent.push(sourceMap.sourcesContent?.[index] ?? null);
  });
  const absolute = { source: 0, line: 0, column: 0, name: 0 };
  const previous = { source: 0, line: 0, column: 0, name: 0 };
  const mappings = sourceMap.mappings.split(';').map((line) => {
    let column = 0;
    let previousColumn = 0;
    const segments = [];
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const fields = decodeVlq(segment);
      column += fields[0];
      if (fields.length < 4) continue;
      absolute.source += fields[1];
      absolute.line += fields[2];
      absolute.column += fields[3];
      if (fields.length > 4) absolute.name += fields[4];
      if (!kept[absolute.source]) continue;
      const source = newIndex[absolute.source];
      let encoded =
        encodeVlq(column - previousColumn) +
        encodeVlq(source - previous.source) +
        encodeVlq(absolute.line - previous.line) +
        encodeVlq(absolute.column - previous.column);
      if (fields.length > 4) {
        encoded += encodeVlq(absolute.name - previous.name);
        previous.name = absolute.name;
      }
      previousColumn = column;
      previous.source = source;
      previous.line = absolute.line;
      previous.column = absolute.column;
      segments.push(encoded);
    }
    return segments.join(',');
  });
  return { ...sourceMap, sources, sourcesContent, mappings: mappings.join(';') };
}

function decodeVlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const character of segment) {
    const digit = DIGIT.get(character);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value % 2 === 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function encodeVlq(number) {
  let value = number < 0 ? -number * 2 + 1 : number * 2;
  let encoded = '';
  do {
    let digit = value % 32;
    value = Math.floor(value / 32);
    if (value > 0) digit |= 32;
    encoded += BASE64[digit];
  } while (value > 0);
  return encoded;
}
