import { newIds } from './ids.js';
import { newSeed } from './totp.js';

/**
 * What the emulated account holds: IAM users with tags, MFA devices, access keys, the sessions
 * GetSessionToken issued, the TOTP steps already used, and a log of every call received.
 * Tests arrange and inspect it through the methods below; the action handlers use the rest.
 */
export type EmulatedDeviceKind = 'virtual' | 'fido' | 'hardware';

export interface EmulatedUser {
  readonly userName: string;
  readonly userId: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: Date;
  readonly tags: ReadonlyArray<{ readonly Key: string; readonly Value: string }>;
}

export interface EmulatedDevice {
  readonly serial: string;
  readonly kind: EmulatedDeviceKind;
  /** Base32 TOTP seed (virtual and hardware devices); FIDO keys have none. */
  readonly seed?: string;
  /** The user the device is enabled for; virtual devices outlive deactivation, unassigned. */
  assignedTo?: string;
  enableDate?: Date;
}

export interface AccessKeyPair {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface EmulatedSession extends AccessKeyPair {
  readonly userName: string;
  readonly sessionToken: string;
  readonly expiresAt: Date;
  /** The MFA device whose code GetSessionToken accepted; undefined for a session without MFA. */
  readonly mfaSerial?: string;
}

export interface RecordedCall {
  readonly at: Date;
  readonly service: 'iam' | 'sts' | 'cloudtrail';
  readonly action: string;
  /** From the SigV4 credential scope; undefined when the request was not signed. */
  readonly accessKeyId: string | undefined;
  /** The request parameters without Action and Version; TokenCode is redacted. */
  readonly params: Readonly<Record<string, string>>;
  /** The HTTP status answered, or 'connection-closed' when the emulator dropped the connection. */
  status: number | 'connection-closed' | 'pending';
}

export interface BotUser extends AccessKeyPair {
  readonly userName: string;
  readonly arn: string;
  /** One virtual device per approver, in the order their names were given. */
  readonly devices: ReadonlyArray<{ readonly serial: string; readonly seed: string }>;
}

export interface EmulatorClock {
  /** Milliseconds since the epoch, as the emulator sees them (TOTP checks, session expiry). */
  now(): number;
  /** Moves the emulator's time forward, e.g. past a session's expiry. */
  advance(ms: number): void;
  /**
   * Stops the emulator's time (at `atMs`, default now) so that a test working with TOTP steps
   * cannot see a 30 s boundary pass between making a code and the emulator checking it.
   */
  freeze(atMs?: number): void;
}

function createClock(): EmulatorClock {
  let offsetMs = 0;
  let frozenAtMs: number | undefined;
  const now = () => frozenAtMs ?? Date.now() + offsetMs;
  return {
    now,
    advance: (ms) => {
      if (frozenAtMs === undefined) offsetMs += ms;
      else frozenAtMs += ms;
    },
    freeze: (atMs) => {
      frozenAtMs = atMs ?? now();
    },
  };
}

export const REDACTED = '[redacted]';

export class EmulatorState {
  readonly accountId: string;
  readonly clock: EmulatorClock = createClock();
  /** Largest page ListUsers, ListUserTags and ListMFADevices return, whatever MaxItems asks. */
  pageSize: number;
  /** The bot's policy: DeactivateMFADevice and DeleteVirtualMFADevice only with MFA context. */
  deactivateRequiresMfa: boolean;

  private readonly users = new Map<string, EmulatedUser>();
  private readonly devices = new Map<string, EmulatedDevice>();
  private readonly accessKeys = new Map<string, AccessKeyPair & { userName: string }>();
  private readonly sessions = new Map<string, EmulatedSession>();
  private readonly usedSteps = new Map<string, Set<number>>();
  private readonly callLog: RecordedCall[] = [];

  constructor(options: { accountId: string; pageSize: number; deactivateRequiresMfa: boolean }) {
    this.accountId = options.accountId;
    this.pageSize = options.pageSize;
    this.deactivateRequiresMfa = options.deactivateRequiresMfa;
  }

  // ---- arranging (tests) ----

  addUser(input: { userName: string; tags?: Readonly<Record<string, string>> }): EmulatedUser {
    if (this.users.has(input.userName)) throw new Error(`user ${input.userName} already exists`);
    const user: EmulatedUser = {
      userName: input.userName,
      userId: newIds.userId(),
      arn: `arn:aws:iam::${this.accountId}:user/${input.userName}`,
      path: '/',
      createDate: new Date(this.clock.now()),
      tags: Object.entries(input.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    };
    this.users.set(user.userName, user);
    return user;
  }

  addAccessKey(userName: string, pair?: Partial<AccessKeyPair>): AccessKeyPair {
    this.requireUser(userName);
    const key = {
      userName,
      accessKeyId: pair?.accessKeyId ?? newIds.accessKeyId(),
      secretAccessKey: pair?.secretAccessKey ?? newIds.secretAccessKey(),
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

  /**
   * The bot's IAM user: an access key pair and one virtual device per approver, named
   * `USER-APPROVER` (or a single device named like the user when no approvers are given).
   */
  addBotUser(input: { userName?: string; approvers?: readonly string[] } = {}): BotUser {
    const userName = input.userName ?? 'mfa-reset-bot';
    const user = this.addUser({ userName });
    const key = this.addAccessKey(userName);
    const names = input.approvers?.length ? input.approvers.map((a) => `${userName}-${a}`) : [userName];
    const devices = names.map((name) => this.addVirtualDevice({ userName, name }));
    return { userName, arn: user.arn, ...key, devices };
  }

  // ---- inspecting (tests) ----

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

  deleteDevice(serial: string): void {
    this.devices.delete(serial);
    this.usedSteps.delete(serial);
  }

  longTermKey(accessKeyId: string): (AccessKeyPair & { userName: string }) | undefined {
    return this.accessKeys.get(accessKeyId);
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
