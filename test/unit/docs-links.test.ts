import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The documentation stands on its own: every relative link in it leads to a file of the repository. */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const skipped = new Set(['node_modules', '.git', '.cache', 'dist', 'coverage', 'reports', 'cdk.out']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skipped.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** Targets of `[text](target)` links that point into the repository (no scheme, no bare anchor). */
function relativeLinks(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target ?? '')
    .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0] ?? '');
}

describe('links in the documentation', () => {
  const files = markdownFiles(repoRoot);

  it('finds the documents and their links', () => {
    expect(files.map((file) => relative(repoRoot, file))).toEqual(
      expect.arrayContaining([
        'README.md',
        'CONTRIBUTING.md',
        'docs/architecture.md',
        'test/harness/README.md',
      ]),
    );
    expect(relativeLinks('[a](docs/a.md#x) [b](https://example.com) [c](#here) `[d](no.md)`')).toEqual([
      'docs/a.md',
    ]);
  });

  it('lead to files that exist in the repository', () => {
    const broken = files.flatMap((file) =>
      relativeLinks(readFileSync(file, 'utf8'))
        .filter((target) => !existsSync(resolve(dirname(file), decodeURIComponent(target))))
        .map((target) => `${relative(repoRoot, file)} → ${target}`),
    );
    expect(broken).toEqual([]);
  });
});

describe('the supported Node.js versions', () => {
  it('are the same in package.json engines, the README and the running guide', () => {
    const engines = (
      JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } }
    ).engines.node;
    const oldest = /^>=(\d+)$/.exec(engines)?.[1];
    expect(oldest).toBeDefined();
    for (const doc of ['README.md', 'docs/running.md']) {
      expect(readFileSync(resolve(repoRoot, doc), 'utf8'), doc).toContain(
        `**Supported Node.js: ${oldest} and later**`,
      );
    }
  });
});
