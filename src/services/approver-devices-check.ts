import { cliCommand } from '../domain/cli-command.js';
import { toResetError } from '../domain/errors.js';
import type { Iam, Logger } from './ports.js';
import type { ResetRules } from './service-deps.js';

/**
 * At start-up: every device the configuration names (approvers.mfaDevices, aws.botMfaSerial) must
 * be on the bot's IAM user, or an approver holding it cannot approve (STS refuses its codes). One
 * ListMFADevices; a configured serial not there is logged as a warning naming the member, and so
 * is a failure to look (the bot starts either way). Returns the serials found missing.
 */
export async function warnOfMissingApproverDevices(deps: {
  readonly iam: Pick<Iam, 'listMfaDevices'>;
  readonly rules: ResetRules;
  readonly logger: Logger;
}): Promise<readonly string[]> {
  const { rules, logger } = deps;
  const configured: Array<[string, string]> = Object.entries(rules.approvers.mfaDevices);
  if (rules.botMfaSerial !== undefined) configured.push(['aws.botMfaSerial', rules.botMfaSerial]);
  if (configured.length === 0) return [];
  const botUser = rules.protect.botUserName ?? 'mfa-reset-bot';
  let onUser: Set<string>;
  try {
    onUser = new Set((await deps.iam.listMfaDevices(botUser)).map((device) => device.serial));
  } catch (error) {
    const coded = toResetError(error);
    logger.warn(
      { botUser, code: coded.code, err: error },
      'could not check the approvers’ devices on the bot’s IAM user',
    );
    return [];
  }
  const missing = configured.filter(([, serial]) => !onUser.has(serial));
  for (const [member, serial] of missing) {
    logger.warn(
      { member, serial, botUser },
      `a configured approver MFA device is not on the bot’s IAM user: its codes will be refused (${cliCommand('approvers check')})`,
    );
  }
  return missing.map(([, serial]) => serial);
}
