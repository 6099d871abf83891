import { CloudTrailLog } from './cloudtrail-log.js';
import { EmulatorState } from './state.js';

/**
 * The accounts one emulator holds: the home account (the state tests have always arranged) and
 * member accounts added by tests, each with its own users, devices, groups, roles, service control
 * policy and CloudTrail log, all on the home account's clock.
 */
export interface EmulatedAccount {
  readonly accountId: string;
  readonly state: EmulatorState;
  /** The account's CloudTrail: its IAM changes, role sessions' calls and AssumeRole events. */
  readonly cloudTrail: CloudTrailLog;
}

export class Accounts {
  private readonly byId = new Map<string, EmulatedAccount>();

  constructor(
    readonly home: EmulatedAccount,
    private readonly region: string,
  ) {
    this.byId.set(home.accountId, home);
  }

  /** A member account: empty, paged like the home account, on its clock. */
  add(accountId: string): EmulatedAccount {
    if (!/^\d{12}$/.test(accountId)) throw new Error(`an account ID has 12 digits, not ${accountId}`);
    if (this.byId.has(accountId)) throw new Error(`account ${accountId} already exists`);
    const state = new EmulatorState({
      accountId,
      pageSize: this.home.state.pageSize,
      deactivateRequiresMfa: this.home.state.deactivateRequiresMfa,
      clock: this.home.state.clock,
    });
    const account = { accountId, state, cloudTrail: new CloudTrailLog(accountId, this.region) };
    this.byId.set(accountId, account);
    return account;
  }

  get(accountId: string): EmulatedAccount | undefined {
    return this.byId.get(accountId);
  }

  /** The account whose state this is. */
  of(state: EmulatorState): EmulatedAccount {
    const account = this.byId.get(state.accountId);
    if (account === undefined) throw new Error(`no account ${state.accountId}`);
    return account;
  }

  all(): EmulatedAccount[] {
    return [...this.byId.values()];
  }
}
