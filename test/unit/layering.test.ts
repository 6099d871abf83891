import { readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rules of docs/architecture.md, read from the import lines of every file in src/:
 * the domain imports nothing outside itself, the use cases import only the domain and their ports,
 * the three adapters (Slack, AWS, DynamoDB) never import each other, the configuration, the command
 * line and the root files keep to their own rules, and no two files import each other, even through
 * others.
 */
const srcRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

interface Import {
  /** The importing file, relative to src/. */
  readonly file: string;
  /** The specifier as written. */
  readonly specifier: string;
  /** For a relative specifier, the imported file relative to src/; undefined for a package. */
  readonly target?: string;
}

const importPattern =
  /(?:^|[\s;])(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string, text: string): Import[] {
  return [...text.matchAll(importPattern)].map((match) => {
    const specifier = match[1] ?? match[2] ?? match[3] ?? '';
    if (!specifier.startsWith('.')) return { file, specifier };
    return { file, specifier, target: relative(srcRoot, resolve(srcRoot, dirname(file), specifier)) };
  });
}

/** The top folder of a path relative to src/ (`domain`, `slack`, …), or the file for root files. */
function layerOf(path: string): string {
  return path.split('/')[0] ?? path;
}

const sourceFiles = readdirSync(srcRoot, { recursive: true, encoding: 'utf8' }).filter((file) =>
  file.endsWith('.ts'),
);
const allImports: Import[] = sourceFiles.flatMap((file) =>
  importsOf(file, readFileSync(resolve(srcRoot, file), 'utf8')),
);

const from = (layer: string) => allImports.filter((entry) => layerOf(entry.file) === layer);
const show = (entry: Import) => `${entry.file} imports ${entry.specifier}`;

/** A file directly in src/ (bot.ts, logging.ts, …), not in one of its folders. */
const isRootFile = (path: string) => !path.includes('/');
/**
 * The composition root and the programs (the bot, the container's health check): they wire every
 * folder together, so nothing else may import them.
 */
const entryPoints = ['bot.ts', 'main.ts', 'healthcheck.ts'];

/** Above this many lines a file is reported, not refused: a data table may be longer. */
const LONG_FILE_LINES = 250;

/** Who imports whom among the files of src/, by path relative to src/ (`x.js` read as `x.ts`). */
const importGraph = new Map<string, string[]>(
  sourceFiles.map((file) => [
    file,
    allImports
      .filter((entry) => entry.file === file && entry.target !== undefined)
      .map((entry) => (entry.target ?? '').replace(/\.js$/, '.ts')),
  ]),
);

/**
 * Every group of files that import one another, directly or through others (the strongly connected
 * components, by Tarjan's algorithm), each as one cycle through them, starting at its first file.
 */
function cyclesIn(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file) ?? 0);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(next) ?? 0));
      } else if (stack.includes(next)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group = stack.splice(stack.indexOf(file));
    if (group.length > 1 || graph.get(file)?.includes(file)) groups.push(group);
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return groups.map((group) => cycleThrough(graph, new Set(group)));
}

/** One cycle through a group of files that reach one another, following imports from its first file. */
function cycleThrough(graph: ReadonlyMap<string, readonly string[]>, group: ReadonlySet<string>): string[] {
  const start = [...group].sort()[0] ?? '';
  const path = [start];
  const seen = new Set(path);
  const walk = (file: string): boolean => {
    for (const next of graph.get(file) ?? []) {
      if (next === start) return true;
      if (!group.has(next) || seen.has(next)) continue;
      path.push(next);
      seen.add(next);
      if (walk(next)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return path;
}

/** Node built-ins the domain may use: hashing is computation, not I/O. */
const domainBuiltins = new Set(['node:crypto']);
const adapters = ['slack', 'aws', 'store'];

describe('the dependency rules between the folders of src/', () => {
  it('reads import lines of every form: named, type-only, side-effect, re-export and dynamic', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../domain/b.js';",
      "import './c.js';",
      "export type { D } from './d.js';",
      "const e = await import('./e.js');",
      "import {\n  f,\n  g,\n} from '@slack/bolt';",
    ].join('\n');
    expect(importsOf('services/x.ts', text).map((entry) => entry.target ?? entry.specifier)).toEqual([
      'services/a.js',
      'domain/b.js',
      'services/c.js',
      'services/d.js',
      'services/e.js',
      '@slack/bolt',
    ]);
    // Against the real tree: the use cases do import the domain, so an empty reading cannot pass.
    expect(from('services').some((entry) => entry.target?.startsWith('domain/'))).toBe(true);
  });

  it('keeps domain/ free of every import from outside domain/', () => {
    const outside = from('domain').filter((entry) =>
      entry.target === undefined ? !domainBuiltins.has(entry.specifier) : layerOf(entry.target) !== 'domain',
    );
    expect(outside.map(show)).toEqual([]);
  });

  it('lets services/ import only domain/ and services/ (the ports), never an adapter or a package', () => {
    const outside = from('services').filter(
      (entry) => entry.target === undefined || !['domain', 'services'].includes(layerOf(entry.target)),
    );
    expect(outside.map(show)).toEqual([]);
  });

  it('never lets slack/, aws/ or store/ import one another', () => {
    const crossing = adapters.flatMap((adapter) =>
      from(adapter).filter((entry) => {
        const target = entry.target === undefined ? undefined : layerOf(entry.target);
        return target !== undefined && target !== adapter && adapters.includes(target);
      }),
    );
    expect(crossing.map(show)).toEqual([]);
  });

  it('keeps src/ the bot alone: no file in it reaches outside src/ (the sandbox, the tests)', () => {
    const outside = allImports.filter((entry) => entry.target?.startsWith('..'));
    expect(outside.map(show)).toEqual([]);
  });

  it('lets config/ import only domain/ and config/', () => {
    const outside = from('config').filter(
      (entry) => entry.target !== undefined && !['domain', 'config'].includes(layerOf(entry.target)),
    );
    expect(outside.map(show)).toEqual([]);
  });

  it('keeps slack/ and the bot’s entry points out of cli/', () => {
    const outside = from('cli').filter(
      (entry) => entry.target !== undefined && ['slack', ...entryPoints].includes(layerOf(entry.target)),
    );
    expect(outside.map(show)).toEqual([]);
  });

  it('lets the shared root files import only domain/, services/ and one another', () => {
    const shared = allImports.filter((entry) => isRootFile(entry.file) && !entryPoints.includes(entry.file));
    expect(shared.length).toBeGreaterThan(0);
    const outside = shared.filter(
      (entry) =>
        entry.target !== undefined &&
        !['domain', 'services'].includes(layerOf(entry.target)) &&
        !(isRootFile(entry.target) && !entryPoints.includes(entry.target)),
    );
    expect(outside.map(show)).toEqual([]);
  });

  it('lets nothing but main.ts import the bot’s entry points, and nothing in src/ import cli/', () => {
    const inward = allImports.filter(
      (entry) =>
        entry.target !== undefined &&
        ((entryPoints.includes(entry.target) && entry.file !== 'main.ts') ||
          (layerOf(entry.target) === 'cli' && layerOf(entry.file) !== 'cli')),
    );
    expect(inward.map(show)).toEqual([]);
  });
});

describe('import cycles in src/', () => {
  it('finds a cycle, however long, and names its files in order', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(cyclesIn(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(
      cyclesIn(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has none: no two files of src/ import each other, directly or through others (type-only imports count)', () => {
    expect(importGraph.size).toBe(sourceFiles.length);
    expect(cyclesIn(importGraph).map((cycle) => [...cycle, cycle[0]].join(' → '))).toEqual([]);
  });
});

describe('the length of the files in src/', () => {
  it('warns about a file over 250 lines: data tables may be longer, anything else should be split by meaning', () => {
    const lines = sourceFiles.map((file) => ({
      file,
      lines: readFileSync(resolve(srcRoot, file), 'utf8').split('\n').length - 1,
    }));
    expect(lines.every(({ lines }) => lines > 0)).toBe(true);
    for (const { file, lines: count } of lines.filter(({ lines }) => lines > LONG_FILE_LINES)) {
      console.warn(
        `src/${file} has ${count} lines (more than ${LONG_FILE_LINES}): fine for a data table, otherwise split it by meaning`,
      );
    }
  });
});
