import type { MemberAccount } from '../domain/accounts.js';
import { describeError, toResetError } from '../domain/errors.js';
import type { Logger } from './ports.js';

/** What the check needs of AWS: the IAM adapter's look at one member account through its reader role. */
export interface MemberAccountReach {
  /** Assumes the account's reader role and makes one cheap read with it; throws a coded error. */
  checkAccount(accountId: string): Promise<void>;
}

/** What the check found for one account: reachable, or the code of why not. */
export interface AccountReach {
  readonly accountId: string;
  readonly reachable: boolean;
  readonly code?: string;
}

export const ACCOUNT_REACHABLE = 'member account reachable: its reader role was assumed and IAM read with it';
export const ACCOUNT_UNREACHABLE = 'member account unreachable';

/**
 * At start-up, in the background: for each member account of the config file, assume its reader
 * role and read IAM once with it, all accounts at once. One line per account: info when it can be
 * read, a warning with the coded reason and the catalogue's words on what to fix when not (the role
 * missing, its trust not naming the runtime role, an external ID that differs…): until it is fixed,
 * requests for that account's users are refused. An unreachable account is not thrown, and the
 * external ID is never logged: the bot starts and serves the other accounts either way.
 */
export async function reportMemberAccountReach(deps: {
  readonly iam: MemberAccountReach;
  readonly accounts: readonly Pick<MemberAccount, 'id' | 'name' | 'readRoleArn'>[];
  readonly logger: Logger;
}): Promise<readonly AccountReach[]> {
  const { iam, logger } = deps;
  return Promise.all(
    deps.accounts.map(async (account): Promise<AccountReach> => {
      const facts = { accountId: account.id, accountName: account.name };
      try {
        await iam.checkAccount(account.id);
        logger.info(facts, ACCOUNT_REACHABLE);
        return { accountId: account.id, reachable: true };
      } catch (error) {
        const coded = toResetError(error);
        // The adapter's details are non-secret facts (role ARN, AWS error code, request id).
        const details = { roleArn: account.readRoleArn, ...coded.details };
        const { what, next } = describeError(coded.code, details);
        logger.warn({ ...facts, ...details, code: coded.code }, `${ACCOUNT_UNREACHABLE}: ${what} ${next}`);
        return { accountId: account.id, reachable: false, code: coded.code };
      }
    }),
  );
}
