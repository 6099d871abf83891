import { type MemberAccount, parseIamUserRef, unlistedAccountError } from '../domain/accounts.js';
import type { AccountTrail, EnrolmentTrail, Logger } from '../services/ports.js';
import { createAccountTrail } from './cloudtrail.js';
import type { AwsAdapterOptions } from './options.js';
import { createReaderSts, readerCredentials } from './reader-role.js';

/** A member account's CloudTrail, read through its reader role. */
export interface MemberTrail {
  readonly account: MemberAccount;
  readonly trail: AccountTrail;
}

/**
 * The CloudTrail of every account the bot serves: the home account's, read as the runtime identity,
 * and each member account's, read through that account's reader role (the same credentials
 * provider as its IAM reads). `enrolments` routes a user's look-up to the trail of the user's
 * account, by the `ACCOUNT_ID:name` key, as the IAM adapter does.
 */
export interface AccountTrails {
  readonly home: AccountTrail;
  readonly members: readonly MemberTrail[];
  readonly enrolments: EnrolmentTrail;
  destroy(): void;
}

export function createAccountTrails(
  options: AwsAdapterOptions & { logger: Logger },
  accounts: readonly MemberAccount[],
): AccountTrails {
  const home = createAccountTrail(options);
  if (accounts.length === 0) return { home, members: [], enrolments: home, destroy: () => home.destroy() };
  const { sts, runtime } = createReaderSts(options);
  const members = accounts.map((account) => ({
    account,
    trail: createAccountTrail({
      ...runtime,
      logger: options.logger,
      readAs: readerCredentials(sts, account),
    }),
  }));
  return {
    home,
    members,
    enrolments: enrolmentsByAccount(home, new Map(members.map(({ account, trail }) => [account.id, trail]))),
    destroy() {
      home.destroy();
      for (const { trail } of members) trail.destroy();
      sts.destroy();
    },
  };
}

/**
 * The enrolment look-up of a user in the user's own account: `ACCOUNT_ID:name` goes to that
 * account's trail with the plain name IAM knows; a plain name to the home account's. An account the
 * config no longer lists is CONFIG_INVALID (the follow-through logs it and records no source).
 */
export function enrolmentsByAccount(
  home: EnrolmentTrail,
  members: ReadonlyMap<string, EnrolmentTrail>,
): EnrolmentTrail {
  return {
    mfaEnablements(query) {
      const ref = parseIamUserRef(query.iamUserName);
      if (ref?.accountId === undefined) return home.mfaEnablements(query);
      const trail = members.get(ref.accountId);
      if (trail === undefined) return Promise.reject(unlistedAccountError(query.iamUserName, ref.accountId));
      return trail.mfaEnablements({ ...query, iamUserName: ref.userName });
    },
  };
}
