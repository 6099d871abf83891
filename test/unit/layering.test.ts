import { readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rules of docs/architecture.md, read from the import lines of every file in src/:
 * the domain imports nothing outside itself, the use cases import only the domain and their ports,
 * and the three adapters (Slack, AWS, DynamoDB) never import each other.
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

  it('keeps every file in src/ to 250 lines at most', () => {
    const long = sourceFiles
      .map((file) => ({ file, lines: readFileSync(resolve(srcRoot, file), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > 250)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(sourceFiles.length).toBeGreaterThan(100);
    expect(long).toEqual([]);
  });
});
