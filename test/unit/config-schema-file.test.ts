import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema } from '../../src/config/json-schema.js';
import { parseConfigFile } from '../../src/config/load.js';

const root = new URL('../../', import.meta.url);

describe('config.schema.json', () => {
  it('is the schema generated from the zod schema (run `npm run config:schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync(new URL('config.schema.json', root), 'utf8'));
    expect(committed).toEqual(policyJsonSchema());
  });

  it('forbids unknown keys at the top level, as the loader does', () => {
    expect(policyJsonSchema().additionalProperties).toBe(false);
  });
});

describe('config.example.yml', () => {
  const example = new URL('config.example.yml', root);

  it.skipIf(!existsSync(example))('is a valid configuration', () => {
    const policy = parseConfigFile(readFileSync(example, 'utf8'), 'config.example.yml');
    expect(policy.approvers.users.length + policy.approvers.userGroups.length).toBeGreaterThan(0);
  });
});
