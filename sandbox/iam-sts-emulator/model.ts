/**
 * What the emulated account is made of: IAM users with tags, MFA devices, access keys, the sessions
 * GetSessionToken issued, and the calls received.
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
  readonly service: 'iam' | 'sts' | 'cloudtrail' | 's3';
  readonly action: string;
  /** From the SigV4 credential scope; undefined when the request was not signed. */
  readonly accessKeyId: string | undefined;
  /** The request's User-Agent header (the SDK's, with the client's app id when it set one). */
  readonly userAgent?: string;
  /** The request parameters without Action and Version; TokenCode is redacted. */
  readonly params: Readonly<Record<string, string>>;
  /** The HTTP status answered, or 'connection-closed' when the emulator dropped the connection. */
  status: number | 'connection-closed' | 'pending';
}

export interface BotUser extends AccessKeyPair {
  readonly userName: string;
  readonly arn: string;
  /** One virtual device per approver, in the order their names were given. */
  readonly devices: ReadonlyArray<{
    readonly serial: string;
    readonly seed: string;
    /** The approver holding it; undefined for the single device of a bot user without approvers. */
    readonly approver?: string;
  }>;
}
