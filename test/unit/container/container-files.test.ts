import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

/**
 * The Dockerfile and docker-compose.yml, read as Docker would read them (no Docker engine runs
 * here), for the points that make them work as written: pinned images on a supported Node, the
 * built output started directly, a health check that fits the mode, and nothing published beyond
 * this machine's loopback.
 */

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = instructions(read('Dockerfile'));
const args = Object.fromEntries(
  dockerfile
    .filter((i) => i.keyword === 'ARG' && i.args.includes('='))
    .map((i) => i.args.split('=') as [string, string]),
);
const expand = (text: string) => text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args[a ?? b] ?? '');
const stages = dockerfile.filter((i) => i.keyword === 'FROM').map((i) => expand(i.args.split(/\s+/)[0]!));
const runtime = dockerfile.slice(dockerfile.map((i) => i.keyword).lastIndexOf('FROM'));
const execForm = (instruction: Instruction | undefined) =>
  JSON.parse(instruction?.args.replace(/^.*?CMD\s+/, '') ?? 'null') as string[];

describe('the Dockerfile', () => {
  it('builds on one exact release of a supported Node LTS (22 or 24) in every stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const image of stages) expect(image).toMatch(/^node:(22|24)\.\d+\.\d+-[a-z]+-slim$/);
    expect(new Set(stages).size).toBe(1);
  });

  it('accepts the image’s Node in package.json engines and names it in the docs', () => {
    const version = /^node:(\d+\.\d+\.\d+)/.exec(stages[0]!)![1]!;
    const major = Number(version.split('.')[0]);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const minimum = Number(/>=\s*(\d+)/.exec(engines)?.[1]);
    expect(minimum).toBeLessThanOrEqual(major);
    expect(read('docs/running.md')).toContain(version);
  });

  it('starts the built output directly, with source maps, not through npm or a compiler', () => {
    const cmd = execForm(runtime.find((i) => i.keyword === 'CMD'));
    expect(cmd[0]).toBe('node');
    expect(cmd.at(-1)).toBe('dist/main.js');
    expect(cmd).toContain('--enable-source-maps');
  });

  it('ships production dependencies only and runs unprivileged', () => {
    const installs = runtime.filter((i) => i.keyword === 'RUN' && i.args.includes('npm ci'));
    expect(installs.length).toBe(1);
    expect(installs[0]!.args).toContain('--omit=dev');
    expect(runtime.find((i) => i.keyword === 'USER')?.args).toBe('node');
  });

  it('has a health check that works in both modes: the health check script, not a fixed HTTP probe', () => {
    const healthcheck = runtime.find((i) => i.keyword === 'HEALTHCHECK');
    expect(execForm(healthcheck)).toEqual(['node', 'dist/healthcheck.js']);
    // tsc compiles it from here (tsconfig.build.json builds src/).
    expect(read('src/healthcheck.ts')).toContain('SLACK_APP_TOKEN');
  });

  it('copies what the build needs, and .dockerignore lets it through', () => {
    const copied = dockerfile.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copied).toContain('scripts/bundle.mjs ./scripts/');
    const ignore = read('.dockerignore').split('\n');
    expect(ignore).toContain('!scripts/bundle.mjs');
    expect(ignore).toContain('infra');
  });
});

interface ComposeService {
  image?: string;
  build?: unknown;
  ports?: string[];
  healthcheck?: { disable?: boolean };
  command?: unknown;
}

describe('docker-compose.yml', () => {
  const compose = parseYaml(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
  const services = Object.entries(compose.services);

  it('uses pinned images, or the project’s own build', () => {
    for (const [name, service] of services) {
      if (service.build !== undefined) continue;
      expect(service.image, name).toMatch(/^[\w./-]+:\d+(\.\d+)+$/);
    }
  });

  it('publishes ports on the loopback address only', () => {
    const published = services.flatMap(([, service]) => service.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it('keeps the image’s health check for the bot, which fits Socket Mode and HTTP mode alike', () => {
    const bot = compose.services.bot!;
    expect(bot.build).toBeDefined();
    expect(bot.healthcheck).toBeUndefined();
    // Socket Mode by default: nothing to publish.
    expect(bot.ports).toBeUndefined();
  });

  it('creates the audit table with the bot’s CLI before the bot starts', () => {
    const createTable = compose.services['create-table']!;
    expect(JSON.stringify(createTable.command)).toContain('mfa-reset-bot table create');
    expect(createTable.healthcheck?.disable).toBe(true);
  });
});
