import { describe, expect, it } from 'vitest';
import { synthesize } from './synth.js';

const template = synthesize();
const secrets = template.findResources('AWS::SecretsManager::Secret');
const [slackTokensId, slackTokens] = Object.entries(secrets).find(([id]) => id.includes('SlackTokens')) ?? [];

describe('the Slack-token secret', () => {
  it('is created empty: the template holds neither a value nor a generator for it', () => {
    expect(slackTokensId).toBeDefined();
    expect(slackTokens?.Properties).not.toHaveProperty('SecretString');
    expect(slackTokens?.Properties).not.toHaveProperty('GenerateSecretString');
  });

  it('is what the service reads its two Slack tokens from', () => {
    type Container = { Secrets: { Name: string; ValueFrom: unknown }[] };
    const [definition] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
    const properties = definition?.Properties as { ContainerDefinitions: Container[] } | undefined;
    const fromSlackSecret = properties?.ContainerDefinitions[0]?.Secrets.filter((secret) =>
      JSON.stringify(secret.ValueFrom).includes(`"Ref":"${slackTokensId}"`),
    ).map((secret) => [secret.Name, JSON.stringify(secret.ValueFrom)]);
    expect(fromSlackSecret).toEqual([
      ['SLACK_BOT_TOKEN', expect.stringContaining(':botToken::')],
      ['SLACK_APP_TOKEN', expect.stringContaining(':appToken::')],
    ]);
  });

  it('is named by an output, and no output or resource carries a token or a placeholder for one', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.SlackTokensSecretArn?.Value).toEqual({ Ref: slackTokensId });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/(xox[abp]|xapp)-\w/);
  });
});
