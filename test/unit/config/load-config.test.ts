import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { isResetError, type ResetError } from '../../../src/domain/errors.js';
import { configSources, designExampleYaml, socketModeEnv } from '../fakes/config-fixtures.js';

function without(key: string): Record<string, string> {
  const { [key]: _removed, ...rest } = socketModeEnv;
  return rest;
}

/** The coded error loadConfig stops with. */
function loadError(sources: ReturnType<typeof configSources>): ResetError {
  try {
    loadConfig(sources);
  } catch (error) {
    if (isResetError(error)) return error;
    throw error;
  }
  throw new Error('loadConfig did not fail');
}

describe('loadConfig', () => {
  it('loads the documented example with the defaults applied', () => {
    expect(loadConfig(configSources(socketModeEnv))).toEqual({
      slack: { botToken: socketModeEnv.SLACK_BOT_TOKEN, appToken: socketModeEnv.SLACK_APP_TOKEN, port: 3000 },
      aws: { region: 'eu-west-1', stepUpKey: { source: 'runtime' } },
      configFilePath: '/srv/bot/config/mfa-reset.yaml',
      logLevel: 'info',
      healthFile: join(tmpdir(), 'mfa-reset-bot-health.json'),
      configFile: {
        slack: { approvalChannel: 'C0APPROVALS' },
        approvers: {
          users: ['U0APPROVER'],
          userGroups: ['S0SECURITY'],
          minApprovals: 1,
          mfaDevices: {},
          lockout: { maxFailures: 5, windowMinutes: 15 },
        },
        auditors: { users: [], userGroups: [] },
        helpdesk: { users: [], userGroups: [] },
        aws: {
          botMfaSerial: 'arn:aws:iam::123456789012:mfa/mfa-reset-bot',
          botUserName: 'mfa-reset-bot',
          stepUp: 'always',
          deleteVirtualDevices: true,
        },
        mapping: [
          { static: { U0ALICE: 'alice' } },
          { email: { template: '{localPart}' } },
          { tag: { key: 'slack-user-id' } },
        ],
        protect: { users: ['admin-*', 'break-glass'], tag: 'mfa-reset-protected' },
        accounts: [],
        rules: [],
        requests: {
          ttlMinutes: 60,
          reasonMinLength: 10,
          maxTokenAttempts: 3,
          maxResetsPerTargetPerDay: 3,
          remindAfterMinutes: 30,
          commandsPerMinute: 20,
          enrolWithinHours: 24,
        },
        audit: { table: 'mfa-reset-audit', cloudtrailRegion: 'us-east-1' },
      },
    });
  });

  describe('the step-up key', () => {
    const key = {
      STEP_UP_AWS_ACCESS_KEY_ID: 'AKIAEXAMPLESTEPUP001',
      STEP_UP_AWS_SECRET_ACCESS_KEY: 'secret',
    };
    const withProfile = (yaml: string) =>
      yaml.replace(/^aws:\n/m, 'aws:\n  stepUpProfile: mfa-reset-bot-step-up\n');
    const file = '/srv/bot/config/mfa-reset.yaml';

    it('is the runtime identity when neither STEP_UP_AWS_* nor aws.stepUpProfile is set', () => {
      expect(loadConfig(configSources(socketModeEnv)).aws.stepUpKey).toEqual({ source: 'runtime' });
    });

    it('is the STEP_UP_AWS_* pair of the environment', () => {
      expect(loadConfig(configSources({ ...socketModeEnv, ...key })).aws.stepUpKey).toEqual({
        source: 'environment',
        accessKeyId: key.STEP_UP_AWS_ACCESS_KEY_ID,
        secretAccessKey: 'secret',
      });
    });

    it('is the named profile of aws.stepUpProfile', () => {
      const config = loadConfig(configSources(socketModeEnv, { [file]: withProfile(designExampleYaml) }));
      expect(config.aws.stepUpKey).toEqual({ source: 'profile', profile: 'mfa-reset-bot-step-up' });
    });

    it('refuses half a pair, a key that is no IAM user’s, and a key given twice', () => {
      const half = loadError(
        configSources({ ...socketModeEnv, STEP_UP_AWS_ACCESS_KEY_ID: key.STEP_UP_AWS_ACCESS_KEY_ID }),
      );
      expect(half.message).toMatch(/STEP_UP_AWS_ACCESS_KEY_ID: is set without its pair/);
      const session = loadError(
        configSources({ ...socketModeEnv, ...key, STEP_UP_AWS_ACCESS_KEY_ID: 'ASIASESSION0000001' }),
      );
      expect(session.message).toMatch(
        /STEP_UP_AWS_ACCESS_KEY_ID: must be an IAM user’s long-term access key ID/,
      );
      const twice = loadError(
        configSources({ ...socketModeEnv, ...key }, { [file]: withProfile(designExampleYaml) }),
      );
      expect(twice.message).toMatch(/given twice: .*Keep one/);
    });
  });

  it('writes the Socket Mode health to HEALTH_FILE when it is set', () => {
    const config = loadConfig(configSources({ ...socketModeEnv, HEALTH_FILE: ' /run/bot/health.json ' }));
    expect(config.healthFile).toBe('/run/bot/health.json');
  });

  it('reads the config file named by MFA_RESET_CONFIG, relative to the working directory', () => {
    const sources = configSources(socketModeEnv);
    loadConfig(sources);
    expect(sources.reads).toEqual(['/srv/bot/config/mfa-reset.yaml']);
  });

  it('takes an absolute MFA_RESET_CONFIG as it is', () => {
    const sources = configSources(
      { ...socketModeEnv, MFA_RESET_CONFIG: '/etc/mfa-reset.yaml' },
      { '/etc/mfa-reset.yaml': 'slack: {}' },
    );
    expect(() => loadConfig(sources)).toThrow();
    expect(sources.reads).toEqual(['/etc/mfa-reset.yaml']);
  });

  it.each([
    ['SLACK_BOT_TOKEN', 'Bot User OAuth Token (xoxb-'],
    ['AWS_REGION', 'AWS region'],
    ['MFA_RESET_CONFIG', 'path of the YAML config file'],
  ])('stops when %s is missing, naming it and saying what to set', (key, hint) => {
    const error = loadError(configSources(without(key)));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`${key}: is not set: set it to`);
    expect(error.message).toContain(hint);
  });

  it('says what to set for an empty AWS_REGION and a LOG_LEVEL it does not know, with the value given', () => {
    const { message } = loadError(configSources({ ...socketModeEnv, AWS_REGION: '', LOG_LEVEL: 'loud' }));
    expect(message).toContain(
      '  - AWS_REGION: is empty: set it to the AWS region of the bot, e.g. us-east-1',
    );
    expect(message).toContain(
      '  - LOG_LEVEL: is "loud": set one of fatal, error, warn, info, debug, trace, silent',
    );
  });

  it('names every missing variable at once', () => {
    const { message } = loadError(configSources({}));
    for (const key of ['SLACK_BOT_TOKEN', 'AWS_REGION', 'MFA_RESET_CONFIG']) expect(message).toContain(key);
  });

  it('points to npm run sandbox when Slack or AWS settings are missing altogether', () => {
    expect(loadError(configSources({})).message).toContain(
      '`npm run sandbox` runs the whole reset on this machine',
    );
    for (const key of ['SLACK_BOT_TOKEN', 'AWS_REGION', 'MFA_RESET_CONFIG']) {
      expect(loadError(configSources(without(key))).message).toContain('npm run sandbox');
    }
  });

  it('does not point to the sandbox when everything is set but a value is wrong', () => {
    const error = loadError(configSources({ ...socketModeEnv, SLACK_BOT_TOKEN: 'xoxp-user-token' }));
    expect(error.message).toContain('SLACK_BOT_TOKEN: must be a bot token');
    expect(error.message).not.toContain('npm run sandbox');
  });

  it('does not read the config file when the environment is invalid', () => {
    const sources = configSources(without('SLACK_BOT_TOKEN'));
    loadError(sources);
    expect(sources.reads).toEqual([]);
  });

  it('stops when neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET is set, offering both modes', () => {
    const error = loadError(configSources(without('SLACK_APP_TOKEN')));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('set SLACK_APP_TOKEN (xapp-…) for Socket Mode');
    expect(error.message).toContain('SLACK_SIGNING_SECRET (and PORT) for HTTP mode');
  });

  it('counts a blank SLACK_APP_TOKEN as not set', () => {
    const error = loadError(configSources({ ...socketModeEnv, SLACK_APP_TOKEN: '  ' }));
    expect(error.message).toContain('SLACK_SIGNING_SECRET: is not set');
  });

  it('refuses a bot token that is not a bot token', () => {
    const error = loadError(configSources({ ...socketModeEnv, SLACK_BOT_TOKEN: 'xoxp-user-token' }));
    expect(error.message).toContain('SLACK_BOT_TOKEN: must be a bot token starting with xoxb-');
  });

  it('refuses an app token that is not an app-level token', () => {
    const error = loadError(configSources({ ...socketModeEnv, SLACK_APP_TOKEN: 'xoxb-wrong-kind' }));
    expect(error.message).toContain('SLACK_APP_TOKEN: must be an app-level token starting with xapp-');
  });

  it('refuses a SLACK_API_URL that is not a URL', () => {
    const error = loadError(configSources({ ...socketModeEnv, SLACK_API_URL: 'slack.example' }));
    expect(error.message).toContain('SLACK_API_URL: must be a URL');
  });

  it('refuses an unknown LOG_LEVEL, naming it', () => {
    const error = loadError(configSources({ ...socketModeEnv, LOG_LEVEL: 'verbose' }));
    expect(error.message).toContain('LOG_LEVEL');
  });

  it('takes LOG_LEVEL from the environment', () => {
    expect(loadConfig(configSources({ ...socketModeEnv, LOG_LEVEL: 'debug' })).logLevel).toBe('debug');
  });

  it('stops when the config file cannot be read, naming the file and MFA_RESET_CONFIG', () => {
    const error = loadError(configSources(socketModeEnv, {}));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('/srv/bot/config/mfa-reset.yaml');
    expect(error.message).toContain('MFA_RESET_CONFIG');
    expect(error.message).toContain('ENOENT');
  });

  it('stops when the config file is not valid YAML, naming the file', () => {
    const error = loadError(configSources(socketModeEnv, { '/srv/bot/config/mfa-reset.yaml': 'slack: [' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^\/srv\/bot\/config\/mfa-reset\.yaml is not valid YAML/);
  });
});

describe('loadConfig: Slack connection mode', () => {
  it('uses Socket Mode when SLACK_APP_TOKEN is set', () => {
    const { slack } = loadConfig(configSources(socketModeEnv));
    expect(slack.appToken).toBe(socketModeEnv.SLACK_APP_TOKEN);
    expect(slack.signingSecret).toBeUndefined();
  });

  it('uses HTTP mode with the signing secret when there is no app token', () => {
    const { slack } = loadConfig(
      configSources({ ...without('SLACK_APP_TOKEN'), SLACK_SIGNING_SECRET: 'shh' }),
    );
    expect(slack).toEqual({ botToken: socketModeEnv.SLACK_BOT_TOKEN, signingSecret: 'shh', port: 3000 });
  });

  it('listens on PORT when it is set', () => {
    expect(loadConfig(configSources({ ...socketModeEnv, PORT: '8080' })).slack.port).toBe(8080);
  });

  it('listens on port 3000 when PORT is blank', () => {
    expect(loadConfig(configSources({ ...socketModeEnv, PORT: '' })).slack.port).toBe(3000);
  });

  it.each([
    ['http', 'must be a TCP port number such as 3000'],
    ['-1', 'must be a TCP port number such as 3000'],
    ['70000', 'must be a TCP port number (0–65535)'],
  ])('refuses PORT=%s, naming PORT', (port, words) => {
    const error = loadError(configSources({ ...socketModeEnv, PORT: port }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`PORT: ${words}`);
  });

  it('passes SLACK_API_URL on for GovSlack or a local fake', () => {
    const config = loadConfig(
      configSources({ ...socketModeEnv, SLACK_API_URL: 'http://127.0.0.1:9999/api/' }),
    );
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:9999/api/');
  });
});
