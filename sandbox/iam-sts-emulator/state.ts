import { addBotUserTo, type BotUserInput } from './bot-user.js';
import { createClock, type EmulatorClock } from './clock.js';
import { newIds } from './ids.js';
import type {
  AccessKeyPair,
  BotUser,
  EmulatedDevice,
  EmulatedDeviceKind,
  EmulatedSession,
  EmulatedUser,
  RecordedCall,
} from './model.js';
import { AccountRoles, ServiceControlPolicy } from './roles.js';
import { newSeed, stepAt } from './totp.js';
import { UserAccess } from './user-access.js';

/**
 * What the emulated account holds: IAM users with tags, MFA devices, access keys, the sessions
 * GetSessionToken issued, the TOTP steps already used, and a log of every call received.
 * Callers (tests, the sandbox) arrange and inspect it through the methods below; the action
 * handlers use the rest.
 */
export const REDACTED = '[redacted]';

export type AccessKeyStatus = 'Active' | 'Inactive';

interface StoredAccessKey extends AccessKeyPair {
  readonly userName: string;
  readonly createDate: Date;
  status: AccessKeyStatus;
}

export class EmulatorState {
  readonly accountId: string;
  readonly clock: EmulatorClock;
  /** Largest page ListUsers, ListUserTags and ListMFADevices return, whatever MaxItems asks. */
  pageSize: number;
  /** The bot's policy: DeactivateMFADevice and DeleteVirtualMFADevice only with MFA context. */
  deactivateRequiresMfa: boolean;
  /** A test option, never the default: devices whose GetSessionToken takes any code, as often as sent. */
  readonly acceptAnyCode = new Set<string>();

  private readonly users = new Map<string, EmulatedUser>();
  private readonly devices = new Map<string, EmulatedDevice>();
  private readonly accessKeys = new Map<string, StoredAccessKey>();
  private readonly sessions = new Map<string, EmulatedSession>();
  private readonly usedSteps = new Map<string, Set<number>>();
  private readonly callLog: RecordedCall[] = [];

  /** Console passwords, groups, policies, and reads denied to the caller: see user-access.ts. */
  readonly access: UserAccess;
  /** Roles, with their trust and permission policies, and the sessions AssumeRole issued: see roles.ts. */
  readonly roles: AccountRoles;
  /** The actions a service control policy denies to every principal of the account. */
  readonly scp = new ServiceControlPolicy();

  /** `clock`: shared by the accounts of one emulator (a member account takes the home account's). */
  constructor(options: {
    accountId: string;
    pageSize: number;
    deactivateRequiresMfa: boolean;
    clock?: EmulatorClock;
  }) {
    this.accountId = options.accountId;
    this.clock = options.clock ?? createClock();
    this.roles = new AccountRoles(options.accountId, this.clock);
    this.access = new UserAccess(options.accountId, () => this.clock.now());
    this.pageSize = options.pageSize;
    this.deactivateRequiresMfa = options.deactivateRequiresMfa;
  }

  // ---- arranging ----

  addUser(input: { userName: string; tags?: Readonly<Record<string, string>>; path?: string }): EmulatedUser {
    if (this.users.has(input.userName)) throw new Error(`user ${input.userName} already exists`);
    const user: EmulatedUser = {
      userName: input.userName,
      userId: newIds.userId(),
      arn: `arn:aws:iam::${this.accountId}:user/${input.userName}`,
      path: input.path ?? '/',
      createDate: new Date(this.clock.now()),
      tags: Object.entries(input.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    };
    this.users.set(user.userName, user);
    return user;
  }

  /** Replaces a user's tags (as TagUser and UntagUser together would leave them). */
  setTags(userName: string, tags: Readonly<Record<string, string>>): void {
    const user = this.requireUser(userName);
    this.users.set(userName, {
      ...user,
      tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    });
  }

  /** A long-term access key; an Inactive one is listed by ListAccessKeys but signs nothing. */
  addAccessKey(
    userName: string,
    pair?: Partial<AccessKeyPair>,
    options: { status?: AccessKeyStatus } = {},
  ): AccessKeyPair {
    this.requireUser(userName);
    const key: StoredAccessKey = {
      userName,
      accessKeyId: pair?.accessKeyId ?? newIds.accessKeyId(),
      secretAccessKey: pair?.secretAccessKey ?? newIds.secretAccessKey(),
      createDate: new Date(this.clock.now()),
      status: options.status ?? 'Active',
    };
    this.accessKeys.set(key.accessKeyId, key);
    return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
  }

  /** A virtual device `arn:aws:iam::ACCOUNT:mfa/NAME` enabled for the user. */
  addVirtualDevice(input: { userName: string; name?: string; seed?: string }): {
    serial: string;
    seed: string;
  } {
    const serial = `arn:aws:iam::${this.accountId}:mfa/${input.name ?? input.userName}`;
    const seed = input.seed ?? newSeed();
    this.attach({ serial, kind: 'virtual', seed }, input.userName);
    return { serial, seed };
  }

  /** What CreateVirtualMFADevice makes: a virtual device `arn:aws:iam::ACCOUNT:mfa/NAME` assigned to nobody. */
  createVirtualDevice(name: string): { serial: string; seed: string } {
    const serial = `arn:aws:iam::${this.accountId}:mfa/${name}`;
    if (this.devices.has(serial)) throw new Error(`device ${serial} already exists`);
    const seed = newSeed();
    this.devices.set(serial, { serial, kind: 'virtual', seed });
    return { serial, seed };
  }

  /** A FIDO security key `arn:aws:iam::ACCOUNT:u2f/user/USER/ID`; it has no TOTP seed. */
  addFidoDevice(input: { userName: string; id?: string }): { serial: string } {
    const serial = `arn:aws:iam::${this.accountId}:u2f/user/${input.userName}/${input.id ?? newIds.fidoId()}`;
    this.attach({ serial, kind: 'fido' }, input.userName);
    return { serial };
  }

  /** A hardware TOTP token with a plain serial such as `GAHT12345678`. */
  addHardwareDevice(input: { userName: string; serial?: string; seed?: string }): {
    serial: string;
    seed: string;
  } {
    const serial = input.serial ?? newIds.hardwareSerial();
    const seed = input.seed ?? newSeed();
    this.attach({ serial, kind: 'hardware', seed }, input.userName);
    return { serial, seed };
  }

  /** The bot's IAM user, with its key and one device per approver: see bot-user.ts. */
  addBotUser(input: BotUserInput = {}): BotUser {
    return addBotUserTo(this, input);
  }

  /** Forgets everything arranged and recorded since the start: users, devices, keys, roles, sessions, calls. */
  reset(): void {
    this.users.clear();
    this.roles.reset();
    this.scp.reset();
    this.devices.clear();
    this.accessKeys.clear();
    this.access.reset();
    this.sessions.clear();
    this.usedSteps.clear();
    this.callLog.length = 0;
  }

  // ---- inspecting ----

  /** The devices enabled for the user, in the order they were enabled. */
  devicesOf(userName: string): Array<{ serial: string; kind: EmulatedDeviceKind; enableDate: Date }> {
    return [...this.devices.values()]
      .filter((device) => device.assignedTo === userName)
      .map((device) => ({ serial: device.serial, kind: device.kind, enableDate: device.enableDate! }));
  }

  /** Whether a virtual device exists at all, enabled for a user or not. */
  virtualDeviceExists(serial: string): boolean {
    return this.devices.get(serial)?.kind === 'virtual';
  }

  /** Whether the device's code for the step at `atMs` was already accepted (a code works once). */
  stepUsed(serial: string, atMs: number = this.clock.now()): boolean {
    return this.usedSteps.get(serial)?.has(stepAt(atMs)) ?? false;
  }

  /** Every call received, in order. */
  get calls(): readonly RecordedCall[] {
    return this.callLog;
  }

  callsTo(action: string): RecordedCall[] {
    return this.callLog.filter((call) => call.action === action);
  }

  clearCalls(): void {
    this.callLog.length = 0;
  }

  /** Sessions GetSessionToken issued, without their secrets. */
  issuedSessions(): Array<{ accessKeyId: string; userName: string; mfaSerial?: string; expiresAt: Date }> {
    return [...this.sessions.values()].map(({ accessKeyId, userName, mfaSerial, expiresAt }) => ({
      accessKeyId,
      userName,
      expiresAt,
      ...(mfaSerial === undefined ? {} : { mfaSerial }),
    }));
  }

  // ---- used by the action handlers ----

  user(userName: string): EmulatedUser | undefined {
    return this.users.get(userName);
  }

  allUsers(): EmulatedUser[] {
    return [...this.users.values()].sort((a, b) => a.userName.localeCompare(b.userName));
  }

  device(serial: string): EmulatedDevice | undefined {
    return this.devices.get(serial);
  }

  /** Every virtual device of the account, assigned or not, in serial order. */
  allVirtualDevices(): EmulatedDevice[] {
    return [...this.devices.values()]
      .filter((device) => device.kind === 'virtual')
      .sort((a, b) => a.serial.localeCompare(b.serial));
  }

  deleteDevice(serial: string): void {
    this.devices.delete(serial);
    this.usedSteps.delete(serial);
  }

  /** UpdateAccessKey: makes a key Active or Inactive. */
  setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): void {
    const key = this.accessKeys.get(accessKeyId);
    if (key === undefined) throw new Error(`no access key ${accessKeyId}`);
    key.status = status;
  }

  longTermKey(
    accessKeyId: string,
  ): (AccessKeyPair & { userName: string; status: AccessKeyStatus }) | undefined {
    return this.accessKeys.get(accessKeyId);
  }

  /** The user's long-term keys in the order they were created, without their secrets. */
  accessKeysOf(userName: string): Array<{ accessKeyId: string; status: AccessKeyStatus; createDate: Date }> {
    return [...this.accessKeys.values()]
      .filter((key) => key.userName === userName)
      .map(({ accessKeyId, status, createDate }) => ({ accessKeyId, status, createDate }));
  }

  session(accessKeyId: string): EmulatedSession | undefined {
    return this.sessions.get(accessKeyId);
  }

  addSession(session: EmulatedSession): void {
    this.sessions.set(session.accessKeyId, session);
  }

  /** Records that a device's code for `step` was used; false when it already was. */
  useStep(serial: string, step: number): boolean {
    const used = this.usedSteps.get(serial) ?? new Set<number>();
    if (used.has(step)) return false;
    used.add(step);
    this.usedSteps.set(serial, used);
    return true;
  }

  record(call: RecordedCall): void {
    this.callLog.push(call);
  }

  private requireUser(userName: string): EmulatedUser {
    const user = this.users.get(userName);
    if (user === undefined) throw new Error(`no user ${userName}: add it first`);
    return user;
  }

  private attach(device: Omit<EmulatedDevice, 'assignedTo' | 'enableDate'>, userName: string): void {
    this.requireUser(userName);
    if (this.devices.has(device.serial)) throw new Error(`device ${device.serial} already exists`);
    this.devices.set(device.serial, {
      ...device,
      assignedTo: userName,
      enableDate: new Date(this.clock.now()),
    });
  }
}
