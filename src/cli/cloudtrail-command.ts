import {
  type StepUpIdentity,
  type UnaccountedReset,
  unaccountedReasonText,
} from '../domain/account-trail.js';
import { findUnaccountedResets } from '../services/account-check.js';
import type { AccountTrail, Store } from '../services/ports.js';
import { exitCodes } from './usage.js';

/** CloudTrail itself could not be read (exit code 4), as opposed to the audit table (3). */
export class CloudTrailUnreadable extends Error {
  override readonly name = 'CloudTrailUnreadable';
}

interface Output {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

function line(reset: UnaccountedReset): string {
  const caller = reset.caller.arn ?? reset.caller.userName ?? 'unknown caller';
  const user = reset.iamUserName === undefined ? '' : ` user=${reset.iamUserName}`;
  return `${reset.at}  ${reset.action}${user}  serial=${reset.serial}  by=${caller}  event=${reset.eventId}  (${unaccountedReasonText[reset.reason]})\n`;
}

/**
 * `audit cloudtrail --days N`: lists each MFA reset of the last N days that the trail does not
 * account for, one per line on standard output; exit 1 when there is any, 0 when there is none.
 */
export async function reportUnaccounted(input: {
  store: Pick<Store, 'queryAudit' | 'getRequest'>;
  accountTrail: AccountTrail;
  /** The bot's IAM user, whose MFA sessions are the only callers a request can account for. */
  stepUp: StepUpIdentity;
  days: number;
  stdout: Output;
  stderr: Output;
  write: (output: Output, text: string) => Promise<void>;
}): Promise<number> {
  const to = new Date();
  const from = new Date(to.getTime() - input.days * 86_400_000);
  const accountTrail: AccountTrail = {
    mfaResets: (range) =>
      input.accountTrail.mfaResets(range).catch((error: unknown) => {
        throw new CloudTrailUnreadable(
          `CloudTrail could not be read (${error instanceof Error ? error.message : String(error)}).`,
          { cause: error },
        );
      }),
  };
  const unaccounted = await findUnaccountedResets(
    { accountTrail, store: input.store, stepUp: input.stepUp },
    { from, to },
  );
  for (const reset of unaccounted) await input.write(input.stdout, line(reset));
  if (unaccounted.length === 0) {
    await input.write(
      input.stderr,
      `Every MFA reset CloudTrail recorded in the last ${input.days} day(s) is accounted for by the audit trail.\n`,
    );
    return exitCodes.ok;
  }
  await input.write(
    input.stderr,
    `${unaccounted.length} MFA reset(s) in CloudTrail are not accounted for by the audit trail (listed above). ` +
      'Find out who made them and why; treat any nobody can account for as a security incident.\n',
  );
  return exitCodes.tampered;
}
