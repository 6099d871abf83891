import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { accountsSchema, memberAccountsOf } from '../config/accounts-schema.js';
import { type AnchorsConfig, anchorsConfigSchema } from '../config/config-file-schema.js';
import type { MemberAccount } from '../domain/accounts.js';
import { ResetError } from '../domain/errors.js';
import { tableNameSchema } from './arguments.js';

export const DEFAULT_TABLE = 'mfa-reset-audit';
export const DEFAULT_BOT_USER = 'mfa-reset-bot';

/**
 * Only the names matter here (`audit.table`, `audit.anchors`, `aws.botUserName`, `accounts`); the rest of the
 * file is the bot's business (src/config/), so other keys are let through rather than judged a
 * second time.
 */
const configNamesSchema = z.looseObject({
  audit: z
    .looseObject({ table: tableNameSchema.optional(), anchors: anchorsConfigSchema.optional() })
    .optional(),
  aws: z.looseObject({ botUserName: z.string().min(1).optional() }).optional(),
  accounts: accountsSchema,
});

/** The names the command line works with. */
export interface ConfigNames {
  /** The audit table. */
  readonly table: string;
  /** The bot's IAM user, whose MFA sessions make every reset the bot makes (`audit cloudtrail`). */
  readonly botUserName: string;
  /** Where the chain is anchored (`audit verify`), when the config file names it for that table. */
  readonly anchors?: AnchorsConfig;
  /** The member accounts the config file lists (`audit cloudtrail` checks each); none without a file. */
  readonly accounts: readonly MemberAccount[];
}

/**
 * The audit table (`--table` when given) and the bot's IAM user, from the YAML file named by
 * MFA_RESET_CONFIG, else the defaults. A config file that is named but unusable is an error, not a
 * silent fallback to the defaults.
 */
function configInvalid(message: string): ResetError {
  return new ResetError('CONFIG_INVALID', message);
}

export async function resolveConfigNames(options: {
  readonly flag?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => Promise<string>;
}): Promise<ConfigNames> {
  const path = options.env.MFA_RESET_CONFIG;
  if (path === undefined || path === '') {
    return { table: options.flag ?? DEFAULT_TABLE, botUserName: DEFAULT_BOT_USER, accounts: [] };
  }
  const fix = 'Point MFA_RESET_CONFIG at the bot’s YAML config, or pass --table NAME.';

  let text: string;
  try {
    text = await options.readFile(path);
  } catch (error) {
    const reason =
      (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
    throw configInvalid(`Cannot read the config file ${path} named by MFA_RESET_CONFIG (${reason}). ${fix}`);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const reason = (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)).replace(
      /:$/,
      '',
    );
    throw configInvalid(`The config file ${path} is not valid YAML: ${reason}. ${fix}`);
  }
  const parsed = configNamesSchema.safeParse(document ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'the top level';
    throw configInvalid(`In the config file ${path}, ${where} ${issue?.message ?? 'is invalid'}. ${fix}`);
  }
  const configured = parsed.data.audit?.table ?? DEFAULT_TABLE;
  const table = options.flag ?? configured;
  const anchors = parsed.data.audit?.anchors;
  return {
    table,
    botUserName: parsed.data.aws?.botUserName ?? DEFAULT_BOT_USER,
    accounts: memberAccountsOf(parsed.data.accounts).map(({ protect: _notHere, ...account }) => account),
    // The anchors name the table they were written for: another table (a copy) is not theirs to check.
    ...(anchors === undefined || table !== configured ? {} : { anchors }),
  };
}
