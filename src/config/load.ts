import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ResetError } from '../domain/errors.js';
import { type ConfigFile, configFileSchema } from './config-file-schema.js';
import { envSchema } from './env-schema.js';
import { healthFilePath } from './health-file-path.js';
import { configErrorMap, formatIssues } from './issue-text.js';

export interface SlackSettings {
  readonly botToken: string;
  /** Socket Mode when set; otherwise HTTP mode with the signing secret. */
  readonly appToken?: string;
  readonly signingSecret?: string;
  readonly port: number;
  /** HTTP mode: the address to listen on; every interface when unset. */
  readonly host?: string;
  readonly apiUrl?: string;
}

/**
 * Where the step-up key comes from: the key of the bot's IAM user, the only identity STS
 * GetSessionToken accepts with an approver's code. `runtime`: the same credentials as everything
 * else (the SDK's chain), which the bot warns of at start-up.
 */
export type StepUpKey =
  | { readonly source: 'runtime' }
  | { readonly source: 'profile'; readonly profile: string }
  | { readonly source: 'environment'; readonly accessKeyId: string; readonly secretAccessKey: string };

export interface Config {
  readonly slack: SlackSettings;
  readonly aws: { readonly region: string; readonly stepUpKey: StepUpKey };
  readonly configFile: ConfigFile;
  readonly configFilePath: string;
  readonly logLevel: string;
  /** Socket Mode: the file the bot writes its health to (HEALTH_FILE, or one in the temporary folder). */
  readonly healthFile: string;
}

/** Parses the YAML config text. Throws CONFIG_INVALID with a message that names every bad key. */
export function parseConfigFile(text: string, source: string): ConfigFile {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new ResetError('CONFIG_INVALID', `${source} is not valid YAML: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const result = configFileSchema.safeParse(document ?? {}, { error: configErrorMap });
  if (!result.success) {
    throw new ResetError(
      'CONFIG_INVALID',
      `Invalid configuration in ${source}:\n${formatIssues(result.error.issues, { schema: configFileSchema })}`,
    );
  }
  return result.data;
}

/** Shown when Slack or AWS settings are missing altogether, as on a machine that has neither yet. */
export const SANDBOX_HINT =
  'No Slack app or AWS account yet? `npm run sandbox` runs the whole reset on this machine first, ' +
  'with nothing sent to Slack or AWS (see "Try it locally" in the README).';

function lacksSlackOrAws(env: NodeJS.ProcessEnv): boolean {
  const unset = (name: string) => (env[name] ?? '').trim() === '';
  const slackMode = !unset('SLACK_APP_TOKEN') || !unset('SLACK_SIGNING_SECRET');
  return unset('SLACK_BOT_TOKEN') || !slackMode || unset('AWS_REGION') || unset('MFA_RESET_CONFIG');
}

export interface LoadConfigOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly readFile?: (path: string) => string;
  readonly cwd?: string;
}

/** Reads the environment and the YAML config file once; fails fast with what to set. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const parsedEnv = envSchema.safeParse(env, { error: configErrorMap });
  if (!parsedEnv.success) {
    const hint = lacksSlackOrAws(env) ? `\n${SANDBOX_HINT}` : '';
    throw new ResetError(
      'CONFIG_INVALID',
      `Invalid environment:\n${formatIssues(parsedEnv.error.issues)}${hint}`,
    );
  }
  const e = parsedEnv.data;
  const configFilePath = resolve(options.cwd ?? process.cwd(), e.MFA_RESET_CONFIG);
  let text: string;
  try {
    text = readFile(configFilePath);
  } catch (error) {
    throw new ResetError(
      'CONFIG_INVALID',
      `Cannot read the configuration file ${configFilePath} (from MFA_RESET_CONFIG): ${(error as Error).message}`,
      { cause: error },
    );
  }
  const configFile = parseConfigFile(text, configFilePath);
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      ...(e.SLACK_APP_TOKEN !== undefined ? { appToken: e.SLACK_APP_TOKEN } : {}),
      ...(e.SLACK_SIGNING_SECRET !== undefined ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
      ...(e.SLACK_API_URL !== undefined ? { apiUrl: e.SLACK_API_URL } : {}),
      ...(e.HOST !== undefined ? { host: e.HOST } : {}),
      port: e.PORT,
    },
    aws: { region: e.AWS_REGION, stepUpKey: stepUpKeyOf(e, configFile, configFilePath) },
    configFile,
    configFilePath,
    logLevel: e.LOG_LEVEL,
    healthFile: healthFilePath(e.HEALTH_FILE),
  };
}

/** The step-up key's one source: the environment's pair, the config's profile, or the runtime identity. */
function stepUpKeyOf(
  env: { STEP_UP_AWS_ACCESS_KEY_ID?: string | undefined; STEP_UP_AWS_SECRET_ACCESS_KEY?: string | undefined },
  configFile: ConfigFile,
  configFilePath: string,
): StepUpKey {
  const profile = configFile.aws.stepUpProfile;
  const { STEP_UP_AWS_ACCESS_KEY_ID: accessKeyId, STEP_UP_AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    if (profile !== undefined) {
      throw new ResetError(
        'CONFIG_INVALID',
        `The step-up key is given twice: STEP_UP_AWS_ACCESS_KEY_ID in the environment and aws.stepUpProfile in ${configFilePath}. Keep one.`,
      );
    }
    return { source: 'environment', accessKeyId, secretAccessKey };
  }
  return profile === undefined ? { source: 'runtime' } : { source: 'profile', profile };
}
