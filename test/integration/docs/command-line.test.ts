import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_COMMAND } from '../../../src/domain/cli-command.js';
import { CHECKOUT, documentedCommand, runDocumented } from './documented-commands.js';

const version = (JSON.parse(readFileSync(join(CHECKOUT, 'package.json'), 'utf8')) as { version: string })
  .version;
const tracked = (pattern: string) =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', pattern], { cwd: CHECKOUT })
    .toString()
    .split('\n')
    .filter(Boolean);

/** The other ways to run the command line, which the docs and messages once mixed. */
const otherWays = [
  /`mfa-reset-bot (audit|approvers|table)\b/, // not on PATH after npm ci; only in the image
  /(^|[\s`])npx mfa-reset-bot\b/, // outside a checkout, fetches whatever the registry has
  /node dist\/cli\/main\.js/, // skips the build: runs stale code
];

describe('the command line, run one way', () => {
  it('prints the package version with --version, as the README shows', async () => {
    const result = await runDocumented(documentedCommand('README.md', 'npm run cli -- --version'));
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(version);
  }, 240_000);

  it('is written `npm run cli -- …` in every doc (the image’s PATH named in prose only)', () => {
    expect(CLI_COMMAND).toBe('npm run cli --');
    const offending = tracked('*.md')
      .filter((file) => file !== 'CHANGELOG.md')
      .flatMap((file) =>
        readFileSync(join(CHECKOUT, file), 'utf8')
          .split('\n')
          .filter((line) => otherWays.some((way) => way.test(line)) && !/never (as )?`npx/.test(line))
          .map((line) => `${file}: ${line.trim()}`),
      );
    expect(offending).toEqual([]);
  });

  it('is written the same way in every message the bot and the command line send', () => {
    const offending = tracked('src/**/*.ts').flatMap((file) =>
      readFileSync(join(CHECKOUT, file), 'utf8')
        .split('\n')
        // Comments name the program; messages tell people what to type.
        .filter((line) => !/^\s*(\/\/|\*|\/\*\*)/.test(line))
        .filter(
          (line) =>
            otherWays.some((way) => way.test(line)) || /'mfa-reset-bot (audit|approvers|table)/.test(line),
        )
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });
});
