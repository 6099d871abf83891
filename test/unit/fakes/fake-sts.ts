import type { MemberAccount } from '../../../src/domain/accounts.js';
import { ResetError } from '../../../src/domain/errors.js';
import type { Clock, Sts, TemporaryCredentials } from '../../../src/services/ports.js';
import type { Gate } from './gate.js';
import { aGate } from './gate.js';

export interface StsCall {
  readonly serial: string;
  readonly code: string;
  readonly durationSeconds: number;
}

/**
 * STS GetSessionToken: accepts a code only if the test made it valid for that serial, and only once
 * (a TOTP code is single-use). Issues distinctive credentials that FakeIam can recognise, so that a
 * test can search everything recorded for them.
 */
export class FakeSts implements Sts {
  readonly calls: StsCall[] = [];
  readonly issuedCredentials: TemporaryCredentials[] = [];
  /** Every AssumeRole into a reset role: with which session, into which account, under which name. */
  readonly roleSessions: Array<{
    readonly session: TemporaryCredentials;
    readonly accountId: string;
    readonly sessionName: string;
    readonly credentials: TemporaryCredentials;
  }> = [];
  readonly #roleFaults: ResetError[] = [];
  readonly #validCodes = new Map<string, Set<string>>();
  readonly #faults: ResetError[] = [];
  #gate: Gate | undefined;

  constructor(private readonly clock: Clock) {}

  /** Makes `code` valid, once, for the device `serial`. */
  acceptCode(serial: string, code: string): void {
    const codes = this.#validCodes.get(serial) ?? new Set<string>();
    codes.add(code);
    this.#validCodes.set(serial, codes);
  }

  /** The next call fails with `error` (e.g. AWS_THROTTLED) instead of checking the code. */
  failNext(error: ResetError): void {
    this.#faults.push(error);
  }

  /** The next AssumeRole fails with `error` (e.g. MEMBER_ROLE_REFUSED). */
  failNextRole(error: ResetError): void {
    this.#roleFaults.push(error);
  }

  /** Holds every call until the returned gate is released; codes are checked in call order after. */
  hold(): Gate {
    const gate = aGate();
    this.#gate = gate;
    return gate;
  }

  issued(credentials: TemporaryCredentials): boolean {
    return this.issuedCredentials.some((c) => c.accessKeyId === credentials.accessKeyId);
  }

  async getSessionToken(input: {
    serial: string;
    code: string;
    durationSeconds: number;
  }): Promise<TemporaryCredentials> {
    this.calls.push({ ...input });
    if (this.#gate !== undefined) await this.#gate.opened;
    const fault = this.#faults.shift();
    if (fault !== undefined) throw fault;
    const codes = this.#validCodes.get(input.serial);
    if (codes === undefined || !codes.delete(input.code)) {
      throw new ResetError(
        'TOKEN_CODE_REJECTED',
        'MultiFactorAuthentication failed with invalid MFA one time pass code.',
      );
    }
    const n = String(this.issuedCredentials.length + 1).padStart(4, '0');
    const credentials: TemporaryCredentials = {
      accessKeyId: `ASIAFAKESESSION${n}`,
      secretAccessKey: `fake-secret-access-key-${n}`,
      sessionToken: `fake-session-token-${n}`,
      expiration: new Date(this.clock.now().getTime() + input.durationSeconds * 1000),
    };
    this.issuedCredentials.push(credentials);
    return credentials;
  }

  /** Grants a role session only for a session this fake issued (and so carries MFA). */
  async assumeResetRole(input: {
    session: TemporaryCredentials;
    account: MemberAccount;
    sessionName: string;
  }): Promise<TemporaryCredentials> {
    const fault = this.#roleFaults.shift();
    if (fault !== undefined) throw fault;
    if (!this.issued(input.session)) {
      throw new ResetError('MEMBER_ROLE_REFUSED', 'The session carries no MFA context.', {
        details: { roleArn: input.account.resetRoleArn },
      });
    }
    const n = String(this.roleSessions.length + 1).padStart(4, '0');
    const credentials: TemporaryCredentials = {
      accessKeyId: `ASIAFAKEROLE${input.account.id.slice(-4)}${n}`,
      secretAccessKey: `fake-role-secret-${n}`,
      sessionToken: `fake-role-token-${n}`,
      expiration: new Date(this.clock.now().getTime() + 900_000),
    };
    this.roleSessions.push({
      session: input.session,
      accountId: input.account.id,
      sessionName: input.sessionName,
      credentials,
    });
    // FakeIam recognises the credentials it is given by this list.
    this.issuedCredentials.push(credentials);
    return credentials;
  }
}
