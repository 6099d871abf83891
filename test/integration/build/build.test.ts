import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;

describe('the bundled entry point (scripts/bundle.mjs)', () => {
  let dir: string;
  let bundle: string;
  let map: SourceMap;
  /** Every file the bundle wrote: main.js and its chunks, each with its map. */
  let outputs: string[];
  /** The sources of every map, main.js's and its chunks'. */
  let allSources: string[];

  beforeAll(async () => {
    // Laid out as in the image: the bundle in dist/, package.json (its version) one folder up.
    const project = await mkdtemp(join(tmpdir(), 'mfa-reset-bundle-'));
    await cp(join(root, 'package.json'), join(project, 'package.json'));
    dir = join(project, 'dist');
    await run(process.execPath, ['scripts/bundle.mjs', '--outdir', dir], { cwd: root });
    bundle = await readFile(join(dir, 'main.js'), 'utf8');
    map = new SourceMap(JSON.parse(await readFile(join(dir, 'main.js.map'), 'utf8')));
    outputs = (await readdir(dir)).sort();
    allSources = [];
    for (const file of outputs.filter((name) => name.endsWith('.js.map'))) {
      const { sources } = JSON.parse(await readFile(join(dir, file), 'utf8')) as { sources: string[] };
      allSources.push(...sources);
    }
  }, 120_000);
  afterAll(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  /** Where `text` starts in the bundle and in its source file, both 0-based. */
  async function positions(text: string, sourceFile: string) {
    const bundleLines = bundle.split('\n');
    const bundleLine = bundleLines.findIndex((line) => line.includes(text));
    const sourceLines = (await readFile(join(root, sourceFile), 'utf8')).split('\n');
    const sourceLine = sourceLines.findIndex((line) => line.includes(text));
    return { bundleLine, column: bundleLines[bundleLine]!.indexOf(text), sourceLine };
  }

  it.each([
    ['function resetRulesOf(', 'src/bot.ts'],
    ['function createSlackApp(', 'src/slack/app.ts'],
    ['function parseConfigFile(', 'src/config/load.ts'],
  ])('maps %s back to its line in %s, for stack traces', async (text, sourceFile) => {
    const { bundleLine, column, sourceLine } = await positions(text, sourceFile);
    expect(bundleLine).toBeGreaterThan(0);
    const entry = map.findEntry(bundleLine, column) as { originalSource?: string; originalLine?: number };
    expect(entry.originalSource).toMatch(new RegExp(`${sourceFile.replaceAll('.', '\\.')}$`));
    expect(entry.originalLine).toBe(sourceLine);
  });

  it('keeps the map to positions, with no copy of any source, so that loading it stays cheap', () => {
    const payload = map.payload as { sources: string[]; sourcesContent?: unknown };
    expect(payload.sources.filter((source) => /(^|\/)src\//.test(source)).length).toBeGreaterThan(20);
    expect(payload.sourcesContent).toBeUndefined();
  });

  it("leaves out what the bot never calls: of zod's locales, only the English one it speaks", () => {
    // `import * as z from 'zod'` lets esbuild drop the rest; `import { z } from 'zod'` keeps every
    // locale (some 300 KB of text that every start would parse).
    const locales = allSources
      .filter((source) => source.includes('zod/v4/locales/'))
      .map((source) => source.split('/').at(-1))
      .filter((file) => file !== 'index.js');
    expect(locales).toEqual(['en.js']);
  });

  it('leaves what is loaded on first use out of main.js and the chunks it imports, in chunks beside it', async () => {
    const chunks = outputs.filter((name) => /^main-.+\.js$/.test(name));
    // What main.js imports is read at every start; a chunk it only `import()`s is read when needed.
    const imported = [...bundle.matchAll(/\bfrom\s*"\.\/(main-[^"]+\.js)"/g)].map((match) => match[1]);
    const sourcesOf = async (file: string) =>
      (JSON.parse(await readFile(join(dir, `${file}.map`), 'utf8')) as { sources: string[] }).sources;
    const atStart = [...map.payload.sources];
    for (const chunk of imported) atStart.push(...(await sourcesOf(chunk!)));
    const onFirstUse = allSources.filter((source) => !atStart.includes(source));
    expect(chunks.length).toBeGreaterThan(imported.length);
    for (const client of ['client-s3', 'client-cloudtrail']) {
      expect(atStart.some((source) => source.includes(`@aws-sdk/${client}/`))).toBe(false);
      expect(onFirstUse.some((source) => source.includes(`@aws-sdk/${client}/`))).toBe(true);
    }
    expect(atStart.some((source) => source.includes('@aws-sdk/client-dynamodb/'))).toBe(true);
  });

  it('runs: the bundle starts and reports a missing setting like the compiled entry point', async () => {
    const failure = await run(process.execPath, ['--enable-source-maps', join(dir, 'main.js')], {
      env: { PATH: process.env.PATH ?? '' },
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('SLACK_BOT_TOKEN');
  });
});

describe('npm start’s build step (scripts/build-if-stale.mjs)', () => {
  let project: string;
  const builds = async () => (await readFile(join(project, 'builds.log'), 'utf8').catch(() => '')).length;
  const startBuild = () => run(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: project });

  beforeAll(async () => {
    // A project of its own whose "build" only counts itself and stamps dist/, as the real one does.
    project = await mkdtemp(join(tmpdir(), 'mfa-reset-stale-'));
    await mkdir(join(project, 'scripts'));
    await mkdir(join(project, 'src'));
    await cp(join(root, 'scripts/build-if-stale.mjs'), join(project, 'scripts/build-if-stale.mjs'));
    await writeFile(join(project, 'src/main.ts'), 'export {};\n');
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'stale-check',
        scripts: {
          build:
            "node -e \"const f=require('fs');f.appendFileSync('builds.log','x');f.mkdirSync('dist',{recursive:true});f.writeFileSync('dist/.built','')\"",
        },
      }),
    );
  });
  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('builds when there is no build, saying so and how long it takes, then not again while dist/ is up to date', async () => {
    const first = await startBuild();
    expect(await builds()).toBe(1);
    expect(first.stderr).toMatch(/no build yet: building dist\/ first \(about 45 s, once/);
    expect(first.stderr).toMatch(/built in \d+ s\./);
    const again = await startBuild();
    await startBuild();
    expect(await builds()).toBe(1);
    expect(again.stderr).toBe('');
  });

  it('builds again once a source is newer than the build, and says it rebuilds', async () => {
    const before = await builds();
    const later = new Date(Date.now() + 5_000);
    await utimes(join(project, 'src/main.ts'), later, later);
    const rebuild = await startBuild();
    expect(await builds()).toBe(before + 1);
    expect(rebuild.stderr).toMatch(/sources changed since the last build: rebuilding dist\/ \(about 30 s\)/);
  });
});
