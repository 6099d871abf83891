import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKOUT } from './documented-commands.js';

/** The release the package version names is written down where people look for it. */
const read = (path: string) => readFileSync(join(CHECKOUT, path), 'utf8');
const version = (JSON.parse(read('package.json')) as { version: string }).version;
const [major, minor] = version.split('.');

describe(`release ${version}`, () => {
  const changelog = read('CHANGELOG.md');
  const section = changelog.slice(
    changelog.indexOf(`## [${version}]`),
    changelog.indexOf('\n## [', changelog.indexOf(`## [${version}]`) + 1),
  );

  it('has a dated changelog section below [Unreleased], with upgrade notes', () => {
    expect(changelog.indexOf('## [Unreleased]')).toBeLessThan(changelog.indexOf(`## [${version}]`));
    expect(section).toMatch(
      new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}\\n`),
    );
    expect(section).toContain('### Upgrade notes');
  });

  it('is a line SECURITY.md says is supported, and SECURITY.md says how to report privately', () => {
    const security = read('SECURITY.md');
    expect(security).toMatch(new RegExp(`\\| ${major}\\.${minor}\\.x +\\| yes`));
    expect(security).toContain('Report a vulnerability');
  });

  it('is the version the README tells people to look up, and SECURITY.md is linked from it', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm run cli -- --version');
    expect(readme).toContain('(SECURITY.md)');
  });
});
