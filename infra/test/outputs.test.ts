import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../lib/settings.js';
import { synthesize } from './synth.js';

/**
 * The outputs docs/aws-setup.md tells operators to copy, checked against the stack and against the
 * names the bot's configuration expects: the keys of config.schema.json (generated from the zod
 * schema the bot loads its config file with) and the JSON keys the service reads from the secret.
 */

const root = new URL('../../', import.meta.url);
const template = synthesize().toJSON() as {
  Outputs: Record<string, { Description: string; Value: unknown }>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};
const doc = readFileSync(new URL('docs/aws-setup.md', root), 'utf8');
const schema = JSON.parse(readFileSync(new URL('config.schema.json', root), 'utf8'));

/** The rows of the doc's "Fill in the outputs" table: each output it names, with what to do. */
const outputRows = (() => {
  const section = doc.slice(doc.indexOf('**Fill in the outputs**'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| output')));
  return table
    .split('\n')
    .filter((line) => /^\s*\| `/.test(line))
    .flatMap((line) => {
      const [names = '', what = ''] = line
        .split('|')
        .slice(1)
        .map((cell) => cell.trim());
      return [...names.matchAll(/`(\w+)`/g)].map((match) => ({ output: match[1]!, what }));
    });
})();

/** A dotted key of the config file (`audit.table`) is one the schema knows. */
function inConfigSchema(key: string): boolean {
  let node = schema;
  for (const part of key.split('.')) {
    node = node?.properties?.[part];
    if (node === undefined) return false;
  }
  return true;
}

const configKeysIn = (text: string) =>
  [...text.matchAll(/`((?:aws|audit|protect|slack)\.\w+)`/g)].map((m) => m[1]!);

describe('the outputs the docs tell you to copy', () => {
  it('are the stack’s outputs, every one of them', () => {
    expect(outputRows.map((row) => row.output).sort()).toEqual(Object.keys(template.Outputs).sort());
  });

  it('go to config keys the bot knows, in the doc and in the outputs’ own descriptions', () => {
    const keys = [
      ...outputRows.flatMap((row) => configKeysIn(row.what)),
      ...Object.values(template.Outputs).flatMap((output) =>
        [...output.Description.matchAll(/((?:aws|audit|protect|slack)\.\w+)/g)].map((m) => m[1]!),
      ),
    ];
    expect(keys).toEqual(expect.arrayContaining(['aws.botUserName', 'audit.table']));
    expect(keys.filter((key) => !inConfigSchema(key))).toEqual([]);
  });

  it('hold the names the config file must carry: the settings the stack was built with', () => {
    const table = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::DynamoDB::Table')!;
    const user = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::IAM::User')!;
    expect(template.Outputs.AuditTableName?.Value).toEqual({ Ref: table[0] });
    expect(table[1].Properties.TableName).toBe(defaultSettings.tableName);
    expect(template.Outputs.BotUserName?.Value).toEqual({ Ref: user[0] });
    expect(user[1].Properties.UserName).toBe(defaultSettings.botUserName);
  });

  it('say to put the Slack tokens under the JSON keys the service reads', () => {
    const row = outputRows.find((r) => r.output === 'SlackTokensSecretArn')!;
    const documented = [...row.what.matchAll(/"(\w+)":"x(?:oxb|app)-/g)].map((m) => m[1]).sort();
    const task = Object.values(template.Resources).find((r) => r.Type === 'AWS::ECS::TaskDefinition')!;
    const read = JSON.stringify(task.Properties.ContainerDefinitions)
      .match(/:(\w+)::/g)
      ?.map((match) => match.slice(1, -2))
      .filter((key) => key.endsWith('Token'))
      .sort();
    expect(documented).toEqual(['appToken', 'botToken']);
    expect(read).toEqual(documented);
  });
});
