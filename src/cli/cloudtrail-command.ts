import { reasonText, type StepUpIdentity, type UnaccountedReset } from '../domain/account-trail.js';
import { accountText, type TargetAccount } from '../domain/accounts.js';
import { findUnaccountedEverywhere, type UnreadableTrail } from '../services/account-check.js';
import type { AccountTrail, MemberAccountTrail, Store } from '../services/ports.js';
import { type TextOutput, write } from './output.js';
import { exitCodes, PROGRAM } from './usage.js';

/** CloudTrail itself could not be read (exit code 4), as opposed to the audit table (3). */
export class CloudTrailUnreadable extends Error {
  override readonly name = 'CloudTrailUnreadable';
}

interface Output {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** One line per reset; a member account's reset names it (`account=ID`), a home one does not, as before. */
function line(reset: UnaccountedReset): string {
  const caller = reset.caller.arn ?? reset.caller.userName ?? 'unknown caller';
  const account = reset.account === undefined ? '' : ` account=${reset.account.id}`;
  const user = reset.iamUserName === undefined ? '' : ` user=${reset.iamUserName}`;
  return `${reset.at}  ${reset.action}${account}${user}  serial=${reset.serial}  by=${caller}  event=${reset.eventId}  (${reasonText(reset)})\n`;
}

/** `legacy-prod (111122223333)`. */
const accountLabel = (account: TargetAccount) => accountText(account.id, [account]);

function unreadableText(unreadable: readonly UnreadableTrail[]): string {
  return unreadable
    .map(({ account, error }) => {
      const reason = error instanceof Error ? error.message : String(error);
      const of = account === undefined ? '' : ` of ${accountLabel(account)}`;
      return `CloudTrail${of} could not be read (${reason}).`;
    })
    .join(' ');
}

/**
 * `audit cloudtrail --days N`: lists each MFA reset of the last N days, in the home account and in
 * every member account the config file lists, that the trail does not account for, one per line on
 * standard output; exit 1 when there is any, 0 when there is none. An account whose CloudTrail
 * cannot be read is said on standard error; with nothing else to list, that is exit 4.
 */
export async function reportUnaccounted(input: {
  store: Pick<Store, 'queryAudit' | 'getRequest'>;
  accountTrail: AccountTrail;
  /** Each member account's CloudTrail, read through its reader role. */
  members?: readonly MemberAccountTrail[];
  /** The bot's IAM user, whose MFA sessions are the only callers a request can account for at home. */
  stepUp: StepUpIdentity;
  days: number;
  stdout: Output;
  stderr: Output;
  write: (output: Output, text: string) => Promise<void>;
}): Promise<number> {
  const to = new Date();
  const from = new Date(to.getTime() - input.days * 86_400_000);
  const members = input.members ?? [];
  const { unaccounted, unreadable } = await findUnaccountedEverywhere(
    { accountTrail: input.accountTrail, members, store: input.store, stepUp: input.stepUp },
    { from, to },
  );
  for (const reset of unaccounted) await input.write(input.stdout, line(reset));
  const checked =
    members.length === 0
      ? ''
      : ` Accounts checked: home, ${members.map(({ account }) => accountLabel(account)).join(', ')}.`;
  if (unaccounted.length === 0 && unreadable.length > 0) {
    throw new CloudTrailUnreadable(unreadableText(unreadable), { cause: unreadable[0]?.error });
  }
  if (unaccounted.length === 0) {
    await input.write(
      input.stderr,
      `Every MFA reset CloudTrail recorded in the last ${input.days} day(s) is accounted for by the audit trail.${checked}\n`,
    );
    return exitCodes.ok;
  }
  await input.write(
    input.stderr,
    `${unaccounted.length} MFA reset(s) in CloudTrail are not accounted for by the audit trail (listed above). ` +
      `Find out who made them and why; treat any nobody can account for as a security incident.${checked}\n` +
      (unreadable.length === 0 ? '' : `${unreadableText(unreadable)}\n`),
  );
  return exitCodes.tampered;
}

/** Exit 4: what could not be read, and what to check. */
export async function reportCloudTrailUnreadable(
  error: CloudTrailUnreadable,
  stderr: TextOutput,
): Promise<number> {
  await write(
    stderr,
    `${PROGRAM}: ${error.message}\nCheck the AWS credentials, --region (IAM's events are in us-east-1), ` +
      'AWS_ENDPOINT_URL_CLOUDTRAIL, and that the caller may cloudtrail:LookupEvents; for a member account, ' +
      'that its reader role trusts the caller and the external ID the config file gives it.\n',
  );
  return exitCodes.cloudTrailFailed;
}
