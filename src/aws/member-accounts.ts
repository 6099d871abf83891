import {
  accountIdOfArn,
  type MemberAccount,
  parseIamUserRef,
  qualifiedIamUserName,
  unlistedAccountError,
} from '../domain/accounts.js';
import { ResetError } from '../domain/errors.js';
import type { IamUser } from '../services/ports.js';
import { createIam, type IamAdapter } from './iam.js';
import type { AwsAdapterOptions } from './options.js';
import { createReaderSts, readerCredentials } from './reader-role.js';

export { READER_SESSION_NAME } from './reader-role.js';

export interface AccountsIamAdapter extends IamAdapter {
  /**
   * Whether the bot can read a member account: assumes its reader role (unless a session of it is
   * still fresh) and makes one cheap IAM read with it. Throws MEMBER_ROLE_REFUSED when the role's
   * trust, the external ID or a missing role refuses it, CONFIG_INVALID for an account the config
   * file does not list, otherwise the AWS_* codes.
   */
  checkAccount(accountId: string): Promise<void>;
}

function notListed(accountId: string): ResetError {
  return new ResetError(
    'CONFIG_INVALID',
    `Account ${accountId} is not listed in accounts in the config file.`,
    { details: { accountId } },
  );
}

/**
 * The `Iam` port over every account the bot serves. An IAM user of a member account goes by
 * `ACCOUNT_ID:name` through the services and the audit trail; here, and only here, the name is
 * split: the call goes to that account's adapter with the plain name, and users come back with the
 * account in front again. A member account's adapter reads through its reader role, assumed by the
 * runtime identity (never the step-up key). The changes run on whatever credentials the caller
 * passes: in a member account, the reset role's session that the approval assumed with the MFA session.
 */
export function createAccountsIam(
  options: AwsAdapterOptions,
  accounts: readonly MemberAccount[],
): AccountsIamAdapter {
  const home = createIam(options);
  if (accounts.length === 0) {
    return { ...home, checkAccount: (accountId) => Promise.reject(notListed(accountId)) };
  }
  // The runtime identity's STS client: the reader roles trust the runtime role, not the step-up user.
  const { sts: readerSts, runtime } = createReaderSts(options);
  const members = new Map(
    accounts.map((account) => [
      account.id,
      createIam({ ...runtime, readAs: readerCredentials(readerSts, account) }),
    ]),
  );

  /** The adapter of the user's account and the plain name IAM knows the user by. */
  function route(qualified: string): { iam: IamAdapter; userName: string; accountId?: string } {
    const ref = parseIamUserRef(qualified);
    if (ref?.accountId === undefined) return { iam: home, userName: qualified };
    const iam = members.get(ref.accountId);
    if (iam === undefined) throw unlistedAccountError(qualified, ref.accountId);
    return { iam, userName: ref.userName, accountId: ref.accountId };
  }

  /** A device's account, from its serial's ARN (`arn:aws:iam::ACCOUNT:mfa/NAME`). */
  function adapterOfSerial(serial: string): IamAdapter {
    const accountId = accountIdOfArn(serial);
    return (accountId === undefined ? undefined : members.get(accountId)) ?? home;
  }

  const qualify = (user: IamUser, accountId: string | undefined): IamUser => ({
    ...user,
    userName: qualifiedIamUserName(accountId, user.userName),
  });
  const everyAdapter = [home, ...members.values()];

  return {
    async checkAccount(accountId) {
      const iam = members.get(accountId);
      if (iam === undefined) throw notListed(accountId);
      await iam.checkReads();
    },
    checkReads: () => home.checkReads(),
    async getUser(qualified) {
      const { iam, userName, accountId } = route(qualified);
      const user = await iam.getUser(userName);
      return user === undefined ? undefined : qualify(user, accountId);
    },
    // The tag rule reads every account: a member may carry their ID in more than one.
    async findUsersByTag(key, value) {
      const found = await Promise.all(
        [[undefined, home] as const, ...members].map(async ([accountId, iam]) =>
          (await iam.findUsersByTag(key, value)).map((user) => qualify(user, accountId)),
        ),
      );
      return found.flat();
    },
    readRiskFacts(qualified) {
      const { iam, userName } = route(qualified);
      return iam.readRiskFacts(userName);
    },
    listMfaDevices(qualified) {
      const { iam, userName } = route(qualified);
      return iam.listMfaDevices(userName);
    },
    async listUnassignedVirtualMfaDevices() {
      const lists = await Promise.all(everyAdapter.map((iam) => iam.listUnassignedVirtualMfaDevices()));
      return lists.flat();
    },
    deactivateMfaDevice(input) {
      const { iam, userName } = route(input.userName);
      return iam.deactivateMfaDevice({ ...input, userName });
    },
    deleteVirtualMfaDevice: (input) => adapterOfSerial(input.serial).deleteVirtualMfaDevice(input),
    releaseCredentials(credentials) {
      for (const iam of everyAdapter) iam.releaseCredentials(credentials);
    },
    destroy() {
      for (const iam of everyAdapter) iam.destroy();
      readerSts.destroy();
    },
  };
}
