import type { EmulatorClock } from './clock.js';
import { newIds } from './ids.js';
import type { AccessKeyPair } from './model.js';

/**
 * An account's IAM roles (a trust policy and permission policies, as JSON documents) and the
 * sessions of them that AssumeRole issued, kept in the role's account; plus the actions a service
 * control policy denies in the account. Arranged by tests; read by AssumeRole and by the
 * authorization of role sessions (role-authorization.ts).
 */
export interface EmulatedRole {
  readonly roleName: string;
  readonly roleId: string;
  /** `arn:aws:iam::ACCOUNT:role/PATH/NAME` (PATH is `/` unless given). */
  readonly arn: string;
  readonly accountId: string;
  readonly trustPolicy: object;
  /** Permission policies by name (inline or attached alike: all of them are evaluated together). */
  readonly policies: Readonly<Record<string, object>>;
  /** Longest session AssumeRole grants, in seconds (IAM's default: 3600). */
  readonly maxSessionDuration: number;
}

export interface RoleSessionCredentials extends AccessKeyPair {
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface EmulatedRoleSession extends RoleSessionCredentials {
  readonly role: EmulatedRole;
  readonly sessionName: string;
  /** `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` (a role's path is not part of it). */
  readonly arn: string;
  /** `AROA…:SESSION`. */
  readonly assumedRoleId: string;
  /** Carried from the credentials that assumed the role (`aws:MultiFactorAuthPresent`). */
  readonly mfaAuthenticated: boolean;
  readonly createdAt: Date;
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export class AccountRoles {
  private readonly roles = new Map<string, EmulatedRole>();
  private readonly sessions = new Map<string, EmulatedRoleSession>();

  constructor(
    private readonly accountId: string,
    private readonly clock: EmulatorClock,
  ) {}

  // ---- arranging ----

  /** A role with its trust policy and permission policies (documents as objects, as in iam/*.json). */
  add(input: {
    roleName: string;
    trustPolicy: object;
    policies?: Readonly<Record<string, object>>;
    path?: string;
    maxSessionDuration?: number;
  }): EmulatedRole {
    if (!ROLE_NAME.test(input.roleName)) throw new Error(`invalid role name ${input.roleName}`);
    if (this.roles.has(input.roleName)) throw new Error(`role ${input.roleName} already exists`);
    const path = input.path ?? '/';
    if (!/^\/([\w+=,.@-]+\/)*$/.test(path)) throw new Error(`invalid role path ${path}`);
    const role: EmulatedRole = {
      roleName: input.roleName,
      roleId: newIds.roleId(),
      arn: `arn:aws:iam::${this.accountId}:role${path}${input.roleName}`,
      accountId: this.accountId,
      trustPolicy: input.trustPolicy,
      policies: { ...(input.policies ?? {}) },
      maxSessionDuration: input.maxSessionDuration ?? 3600,
    };
    this.roles.set(role.roleName, role);
    return role;
  }

  /**
   * Credentials of a session of the role, issued without an AssumeRole call (none is recorded): what
   * a container gets for its task role, e.g. the bot's runtime identity.
   */
  issueSession(
    roleName: string,
    options: { sessionName?: string; mfaAuthenticated?: boolean; durationSeconds?: number } = {},
  ): EmulatedRoleSession {
    const role = this.role(roleName);
    if (role === undefined) throw new Error(`no role ${roleName}: add it first`);
    return this.startSession({
      role,
      sessionName: options.sessionName ?? roleName,
      mfaAuthenticated: options.mfaAuthenticated ?? false,
      durationSeconds: options.durationSeconds ?? 3600,
    });
  }

  reset(): void {
    this.roles.clear();
    this.sessions.clear();
  }

  // ---- inspecting, and used by AssumeRole and the authorization of role sessions ----

  role(roleName: string): EmulatedRole | undefined {
    return this.roles.get(roleName);
  }

  /** The role an ARN names, path included, in this account. */
  roleByArn(arn: string): EmulatedRole | undefined {
    const role = this.roles.get(arn.slice(arn.lastIndexOf('/') + 1));
    return role?.arn === arn ? role : undefined;
  }

  session(accessKeyId: string): EmulatedRoleSession | undefined {
    return this.sessions.get(accessKeyId);
  }

  /** Every role session issued in the account, oldest first. */
  issuedSessions(): EmulatedRoleSession[] {
    return [...this.sessions.values()];
  }

  startSession(input: {
    role: EmulatedRole;
    sessionName: string;
    mfaAuthenticated: boolean;
    durationSeconds: number;
  }): EmulatedRoleSession {
    const now = this.clock.now();
    const session: EmulatedRoleSession = {
      role: input.role,
      sessionName: input.sessionName,
      arn: `arn:aws:sts::${this.accountId}:assumed-role/${input.role.roleName}/${input.sessionName}`,
      assumedRoleId: `${input.role.roleId}:${input.sessionName}`,
      mfaAuthenticated: input.mfaAuthenticated,
      accessKeyId: newIds.sessionAccessKeyId(),
      secretAccessKey: newIds.secretAccessKey(),
      sessionToken: newIds.sessionToken(),
      expiration: new Date(now + input.durationSeconds * 1000),
      createdAt: new Date(now),
    };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }
}

/** The actions (`iam:DeactivateMFADevice`) a service control policy denies to every principal of the account. */
export class ServiceControlPolicy {
  private readonly denied = new Set<string>();

  deny(action: string): void {
    if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action))
      throw new Error(`name the action as service:Action, not ${action}`);
    this.denied.add(action.toLowerCase());
  }

  allow(action: string): void {
    this.denied.delete(action.toLowerCase());
  }

  denies(action: string): boolean {
    return this.denied.has(action.toLowerCase());
  }

  reset(): void {
    this.denied.clear();
  }
}
