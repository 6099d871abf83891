import { deviceKindOf, type MfaDevice } from '../../../src/domain/devices.js';
import { ResetError } from '../../../src/domain/errors.js';
import { type IamRiskFacts, knownFact } from '../../../src/domain/risk-facts.js';
import type { Iam, IamUser, TemporaryCredentials } from '../../../src/services/ports.js';

export type IamAction =
  | 'GetUser'
  | 'FindUsersByTag'
  | 'ListMFADevices'
  | 'ReadRiskFacts'
  | 'ListVirtualMFADevices'
  | 'DeactivateMFADevice'
  | 'DeleteVirtualMFADevice';

export interface IamCall {
  readonly action: IamAction;
  readonly userName?: string;
  readonly serial?: string;
  readonly tag?: { readonly key: string; readonly value: string };
  readonly credentials?: TemporaryCredentials;
}

export interface FakeIamUserInput {
  readonly userName: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** The IAM path; `/` when left out. */
  readonly path?: string;
  /** Serials of the devices assigned to the user; virtual ones also exist as devices. */
  readonly devices?: readonly string[];
}

interface StoredUser {
  readonly userName: string;
  readonly path: string;
  readonly tags: Record<string, string>;
  devices: string[];
}

/** Serial → when the device was enabled, for devices enrolled with `enrolDevice`. */
type EnableDates = Map<string, string>;

interface IamFault {
  readonly action: IamAction;
  readonly serial?: string;
  readonly error: ResetError;
  remaining: number;
}

const ACCOUNT = '123456789012';

/**
 * IAM as the bot uses it: users with tags and MFA devices, every call recorded. Deactivation
 * detaches a device from its user; deleting removes a detached virtual device. `requireMfa`, on
 * by default, mirrors the bot's IAM policy in iam/ (changes only with `aws:MultiFactorAuthPresent`):
 * the changes fail with AWS_MFA_REQUIRED unless made with credentials STS issued.
 */
export class FakeIam implements Iam {
  readonly calls: IamCall[] = [];
  /** When on, DeactivateMFADevice and DeleteVirtualMFADevice need MFA-backed session credentials. */
  requireMfa = true;
  readonly #users = new Map<string, StoredUser>();
  readonly #virtualDevices = new Set<string>();
  readonly #faults: IamFault[] = [];
  readonly #enabledAt: EnableDates = new Map();
  readonly #riskFacts = new Map<string, IamRiskFacts | 'never'>();
  readonly #recognises: (credentials: TemporaryCredentials) => boolean;

  constructor(options: { recognises?: (credentials: TemporaryCredentials) => boolean } = {}) {
    this.#recognises = options.recognises ?? (() => true);
  }

  addUser(input: FakeIamUserInput): void {
    const devices = [...(input.devices ?? [])];
    this.#users.set(input.userName, {
      userName: input.userName,
      path: input.path ?? '/',
      tags: { ...input.tags },
      devices,
    });
    for (const serial of devices) if (deviceKindOf(serial) === 'virtual') this.#virtualDevices.add(serial);
  }

  /** Detaches a device outside the bot (someone did it by hand); `deleted` also removes a virtual one. */
  removeDevice(userName: string, serial: string, options: { deleted?: boolean } = {}): void {
    const user = this.#user(userName);
    user.devices = user.devices.filter((s) => s !== serial);
    if (options.deleted) this.#virtualDevices.delete(serial);
  }

  /** The member enrols a device (EnableMFADevice) at `at`: IAM lists it with that enable date. */
  enrolDevice(userName: string, serial: string, at: Date): void {
    const user = this.#user(userName);
    user.devices = [...user.devices.filter((s) => s !== serial), serial];
    if (deviceKindOf(serial) === 'virtual') this.#virtualDevices.add(serial);
    this.#enabledAt.set(serial, at.toISOString());
  }

  /** Makes the next `times` calls of `action` (on `serial`, when given) fail with `error`. */
  failNext(fault: { action: IamAction; serial?: string; error: ResetError; times?: number }): void {
    this.#faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /**
   * What `readRiskFacts` answers for the user: these facts over a user with nothing (no console
   * password, no keys, no groups, no policies), or `'never'`: the read never ends.
   */
  setRiskFacts(userName: string, facts: Partial<IamRiskFacts> | 'never'): void {
    this.#riskFacts.set(userName, facts === 'never' ? 'never' : { ...nothingRisky(), ...facts });
  }

  /** Replaces the user's tags, as someone with IAM rights would. */
  setTags(userName: string, tags: Readonly<Record<string, string>>): void {
    const user = this.#user(userName);
    this.#users.set(userName, { ...user, tags: { ...tags } });
  }

  devicesOf(userName: string): string[] {
    return [...this.#user(userName).devices];
  }

  virtualDeviceExists(serial: string): boolean {
    return this.#virtualDevices.has(serial);
  }

  /** The calls that change something: deactivations and deletions, in order. */
  changes(): IamCall[] {
    return this.calls.filter(
      (c) => c.action === 'DeactivateMFADevice' || c.action === 'DeleteVirtualMFADevice',
    );
  }

  async getUser(userName: string): Promise<IamUser | undefined> {
    this.#record({ action: 'GetUser', userName });
    const user = this.#users.get(userName);
    return user === undefined ? undefined : this.#view(user);
  }

  /** Every user whose tag `key` (without case, as IAM compares tag keys) holds `value`, by name. */
  async findUsersByTag(key: string, value: string): Promise<IamUser[]> {
    this.#record({ action: 'FindUsersByTag', tag: { key, value } });
    const wanted = key.toLowerCase();
    return [...this.#users.values()]
      .filter((user) => Object.entries(user.tags).some(([k, v]) => k.toLowerCase() === wanted && v === value))
      .sort((a, b) => a.userName.localeCompare(b.userName))
      .map((user) => this.#view(user));
  }

  async listMfaDevices(userName: string): Promise<MfaDevice[]> {
    this.#record({ action: 'ListMFADevices', userName });
    const user = this.#users.get(userName);
    if (user === undefined)
      throw new ResetError('IAM_USER_NOT_FOUND', `IAM user ${userName} does not exist.`);
    return user.devices.map((serial) => {
      const enabledAt = this.#enabledAt.get(serial);
      return { serial, kind: deviceKindOf(serial), ...(enabledAt === undefined ? {} : { enabledAt }) };
    });
  }

  async readRiskFacts(userName: string): Promise<IamRiskFacts> {
    this.#record({ action: 'ReadRiskFacts', userName });
    const facts = this.#riskFacts.get(userName) ?? nothingRisky();
    return facts === 'never' ? new Promise<never>(() => {}) : facts;
  }

  async listUnassignedVirtualMfaDevices(): Promise<string[]> {
    this.#record({ action: 'ListVirtualMFADevices' });
    const assigned = new Set([...this.#users.values()].flatMap((user) => user.devices));
    return [...this.#virtualDevices].filter((serial) => !assigned.has(serial));
  }

  async deactivateMfaDevice(input: {
    userName: string;
    serial: string;
    credentials?: TemporaryCredentials;
  }): Promise<void> {
    this.#record({ action: 'DeactivateMFADevice', ...input });
    this.#authorise(input.credentials);
    const user = this.#users.get(input.userName);
    if (user === undefined || !user.devices.includes(input.serial)) {
      throw new ResetError('AWS_DEVICE_NOT_FOUND', `MFA device ${input.serial} is not on ${input.userName}.`);
    }
    user.devices = user.devices.filter((s) => s !== input.serial);
  }

  async deleteVirtualMfaDevice(input: { serial: string; credentials?: TemporaryCredentials }): Promise<void> {
    this.#record({ action: 'DeleteVirtualMFADevice', ...input });
    this.#authorise(input.credentials);
    if (!this.#virtualDevices.has(input.serial)) {
      throw new ResetError('AWS_DEVICE_NOT_FOUND', `Virtual MFA device ${input.serial} does not exist.`);
    }
    if ([...this.#users.values()].some((u) => u.devices.includes(input.serial))) {
      // AWS answers DeleteConflict: a device still assigned to a user cannot be deleted.
      throw new ResetError('INTERNAL', `Virtual MFA device ${input.serial} is still in use.`);
    }
    this.#virtualDevices.delete(input.serial);
  }

  /** Session credentials the service said it is done with. */
  readonly released: TemporaryCredentials[] = [];

  releaseCredentials(credentials: TemporaryCredentials): void {
    this.released.push(credentials);
  }

  #record(call: IamCall): void {
    this.calls.push(call);
    const fault = this.#faults.find(
      (f) =>
        f.remaining > 0 && f.action === call.action && (f.serial === undefined || f.serial === call.serial),
    );
    if (fault !== undefined) {
      fault.remaining -= 1;
      throw fault.error;
    }
  }

  #authorise(credentials: TemporaryCredentials | undefined): void {
    if (credentials !== undefined && !this.#recognises(credentials)) {
      throw new ResetError('AWS_ACCESS_DENIED', 'The security token included in the request is invalid.');
    }
    if (this.requireMfa && credentials === undefined) {
      throw new ResetError(
        'AWS_MFA_REQUIRED',
        'AccessDenied: To complete this action, please ensure that you are authenticated with an MFA device that is enabled for this user.',
      );
    }
  }

  #user(userName: string): StoredUser {
    const user = this.#users.get(userName);
    if (user === undefined) throw new Error(`FakeIam has no user ${userName}`);
    return user;
  }

  #view(user: StoredUser): IamUser {
    return {
      userName: user.userName,
      arn: `arn:aws:iam::${ACCOUNT}:user/${user.userName}`,
      path: user.path,
      tags: { ...user.tags },
    };
  }
}

/** A user IAM knows everything about, and who has nothing: no console password, keys, groups or policies. */
export function nothingRisky(): IamRiskFacts {
  return {
    consolePassword: knownFact(false),
    passwordLastUsed: knownFact(null),
    activeAccessKeys: knownFact(0),
    groups: knownFact([]),
    policies: [{ from: { kind: 'user' }, attached: knownFact([]), inline: knownFact([]) }],
  };
}
