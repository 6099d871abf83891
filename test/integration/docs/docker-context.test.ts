import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKOUT, commandsOf } from './documented-commands.js';

/**
 * The build contexts of the two images, resolved as Docker resolves them (no Docker engine runs
 * here): the checkout's files, plus what the docs tell an operator to create in it, filtered by the
 * ignore file Docker (BuildKit) uses for that Dockerfile, matched by @balena/dockerignore, a port of
 * Docker's own matcher.
 */

// CommonJS whose declarations say `export default`, while the module itself is the function.
const dockerignore: typeof import('@balena/dockerignore').default = createRequire(import.meta.url)(
  '@balena/dockerignore',
);

const read = (path: string) => readFileSync(join(CHECKOUT, path), 'utf8');
const version = (JSON.parse(read('package.json')) as { version: string }).version;

/** What the docs have an operator put in the checkout, beside what git tracks, and what builds leave. */
const operatorFiles = [
  'mfa-reset-bot.yml',
  '.env',
  'node_modules/zod/package.json',
  'dist/main.js',
  'infra/cdk.out/MfaResetBot.template.json',
];

const checkoutFiles = [
  ...execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: CHECKOUT })
    .toString()
    .split('\n')
    .filter((path) => path !== '' && existsSync(join(CHECKOUT, path))),
  ...operatorFiles,
];

/** `<Dockerfile>.dockerignore` beside the Dockerfile when there is one (BuildKit), else `.dockerignore`. */
function ignoreFileOf(dockerfile: string): string {
  return existsSync(join(CHECKOUT, `${dockerfile}.dockerignore`))
    ? `${dockerfile}.dockerignore`
    : '.dockerignore';
}

function contextOf(dockerfile: string): string[] {
  const rules = read(ignoreFileOf(dockerfile)).split('\n');
  return checkoutFiles.filter(dockerignore().add(rules).createFilter());
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(dockerfile: string): { keyword: string; words: string[] }[] {
  return read(dockerfile)
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [keyword = '', ...words] = line.trim().split(/\s+/);
      return { keyword: keyword.toUpperCase(), words };
    });
}

/** The sources of the COPY instructions that read the build context (not another stage). */
function copiedFromContext(dockerfile: string): string[] {
  return instructions(dockerfile)
    .filter((i) => i.keyword === 'COPY' && !i.words.some((word) => word.startsWith('--from=')))
    .flatMap((i) => i.words.filter((word) => !word.startsWith('--')).slice(0, -1))
    .map((source) => source.replace(/^\.\//, '').replace(/\/$/, ''));
}

function missingSources(dockerfile: string): string[] {
  const context = contextOf(dockerfile);
  return copiedFromContext(dockerfile).filter(
    (source) => !context.some((file) => file === source || file.startsWith(`${source}/`)),
  );
}

describe('the deploy image (Dockerfile.deploy)', () => {
  it('builds from the checkout: the config file the docs put in its root is in its context', () => {
    expect(copiedFromContext('Dockerfile.deploy')).toEqual(['mfa-reset-bot.yml']);
    expect(missingSources('Dockerfile.deploy')).toEqual([]);
  });

  it('sends Docker nothing else of the checkout: no .env, no sources, no dependencies', () => {
    expect(contextOf('Dockerfile.deploy')).toEqual(['mfa-reset-bot.yml']);
  });

  it('builds on the bot image of this version, tagged as the docs build it', () => {
    const from = instructions('Dockerfile.deploy').find(
      (i) => i.keyword === 'ARG' && i.words[0]?.startsWith('BOT_IMAGE='),
    );
    expect(from?.words[0]).toBe(`BOT_IMAGE=mfa-reset-bot:${version}`);
    expect(commandsOf('docs/aws-setup.md')).toContain(`docker build -t mfa-reset-bot:${version} .`);
  });
});

describe('the bot image (Dockerfile)', () => {
  it('finds everything it copies in its context', () => {
    expect(copiedFromContext('Dockerfile')).toContain('src');
    expect(missingSources('Dockerfile')).toEqual([]);
  });

  it('leaves the operator’s config file and secrets, the tests and the stack out of its context', () => {
    const context = contextOf('Dockerfile');
    for (const kept of ['mfa-reset-bot.yml', '.env', 'node_modules/zod/package.json', 'dist/main.js'])
      expect(context).not.toContain(kept);
    expect(context.filter((file) => /^(test|infra|sandbox|docs)\//.test(file))).toEqual([]);
  });

  it('puts the command line on PATH as mfa-reset-bot: the package’s bin, made executable', () => {
    const bin = (JSON.parse(read('package.json')) as { bin: Record<string, string> }).bin['mfa-reset-bot'];
    const runtime = instructions('Dockerfile').slice(
      instructions('Dockerfile')
        .map((i) => i.keyword)
        .lastIndexOf('FROM'),
    );
    const link = runtime.find((i) => i.keyword === 'RUN' && i.words.includes('/usr/local/bin/mfa-reset-bot'));
    expect(link?.words.join(' ')).toContain(
      `chmod 755 ${bin} && ln -s /app/${bin} /usr/local/bin/mfa-reset-bot`,
    );
    const user = runtime.findIndex((i) => i.keyword === 'USER');
    expect(runtime.indexOf(link!)).toBeLessThan(user);
  });
});

describe('the checkout', () => {
  it('keeps the config file where the docs put it, and .env, out of git', () => {
    const ignored = execFileSync('git', ['check-ignore', 'mfa-reset-bot.yml', '.env'], { cwd: CHECKOUT });
    expect(ignored.toString().split('\n').filter(Boolean)).toEqual(['mfa-reset-bot.yml', '.env']);
  });
});
