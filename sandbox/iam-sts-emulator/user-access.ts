import { randomInt } from 'node:crypto';

/**
 * What gives an IAM user access, beyond its MFA devices: a console password (login profile) and
 * when it was last used, groups, managed policies attached to the user or its groups, and inline
 * policies (their documents as JSON text). Also the reads the emulated account's policy denies the
 * caller (`deny`), answered with IAM's implicit-deny AccessDenied. Arranged by tests and the
 * sandbox; read by the handlers of user-access-actions.ts.
 */
export interface EmulatedGroup {
  readonly groupName: string;
  readonly groupId: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: Date;
  readonly attached: EmulatedAttachedPolicy[];
  readonly inline: Map<string, string>;
  readonly members: Set<string>;
}

export interface EmulatedAttachedPolicy {
  readonly policyName: string;
  readonly policyArn: string;
}

export interface EmulatedLoginProfile {
  readonly createDate: Date;
  readonly passwordResetRequired: boolean;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An AWS managed policy's ARN for its name, or a customer-managed one's in this account. */
export function policyArnOf(accountId: string, name: string, awsManaged: boolean): string {
  return awsManaged ? `arn:aws:iam::aws:policy/${name}` : `arn:aws:iam::${accountId}:policy/${name}`;
}

export class UserAccess {
  private readonly loginProfiles = new Map<string, EmulatedLoginProfile>();
  private readonly passwordUses = new Map<string, Date>();
  private readonly groups = new Map<string, EmulatedGroup>();
  private readonly userAttached = new Map<string, EmulatedAttachedPolicy[]>();
  private readonly userInline = new Map<string, Map<string, string>>();
  private readonly deniedActions = new Set<string>();

  constructor(
    private readonly accountId: string,
    private readonly now: () => number,
  ) {}

  // ---- arranging ----

  /** Gives the user a console password; `lastUsed` is when it last signed in (GetUser's PasswordLastUsed). */
  setLoginProfile(
    userName: string,
    options: { lastUsed?: Date; passwordResetRequired?: boolean } = {},
  ): void {
    this.loginProfiles.set(userName, {
      createDate: new Date(this.now()),
      passwordResetRequired: options.passwordResetRequired ?? false,
    });
    if (options.lastUsed !== undefined) this.passwordUses.set(userName, options.lastUsed);
  }

  /** DeleteLoginProfile: no console password any more (PasswordLastUsed stays, as in IAM). */
  deleteLoginProfile(userName: string): void {
    this.loginProfiles.delete(userName);
  }

  /** Creates the group if needed and adds the user to it. */
  addUserToGroup(userName: string, groupName: string): EmulatedGroup {
    const group = this.group(groupName) ?? this.createGroup(groupName);
    group.members.add(userName);
    return group;
  }

  createGroup(groupName: string): EmulatedGroup {
    if (this.groups.has(groupName)) throw new Error(`group ${groupName} already exists`);
    let id = 'AGPA';
    for (let i = 0; i < 17; i++) id += BASE32[randomInt(BASE32.length)];
    const group: EmulatedGroup = {
      groupName,
      groupId: id,
      arn: `arn:aws:iam::${this.accountId}:group/${groupName}`,
      path: '/',
      createDate: new Date(this.now()),
      attached: [],
      inline: new Map(),
      members: new Set(),
    };
    this.groups.set(groupName, group);
    return group;
  }

  /**
   * Attaches a managed policy to a user or a group (`{ group: name }`): an AWS managed one by
   * default (`arn:aws:iam::aws:policy/NAME`), a customer-managed one with `awsManaged: false`.
   */
  attachPolicy(
    to: { user: string } | { group: string },
    name: string,
    options: { awsManaged?: boolean } = {},
  ) {
    const policy = {
      policyName: name,
      policyArn: policyArnOf(this.accountId, name, options.awsManaged ?? true),
    };
    const list = 'user' in to ? this.attachedOfUser(to.user, true) : this.requireGroup(to.group).attached;
    if (!list.some((p) => p.policyArn === policy.policyArn)) list.push(policy);
  }

  /** PutUserPolicy / PutGroupPolicy: an inline policy with its document (an object, stored as JSON). */
  putInlinePolicy(to: { user: string } | { group: string }, name: string, document: object): void {
    const map = 'user' in to ? this.inlineOfUser(to.user, true) : this.requireGroup(to.group).inline;
    map.set(name, JSON.stringify(document));
  }

  /** The account's policy stops allowing the caller `action` (e.g. `GetLoginProfile`) until `allow`. */
  deny(action: string): void {
    this.deniedActions.add(action);
  }

  allow(action: string): void {
    this.deniedActions.delete(action);
  }

  reset(): void {
    this.loginProfiles.clear();
    this.passwordUses.clear();
    this.groups.clear();
    this.userAttached.clear();
    this.userInline.clear();
    this.deniedActions.clear();
  }

  // ---- used by the action handlers ----

  isDenied(action: string): boolean {
    return this.deniedActions.has(action);
  }

  loginProfile(userName: string): EmulatedLoginProfile | undefined {
    return this.loginProfiles.get(userName);
  }

  passwordLastUsed(userName: string): Date | undefined {
    return this.passwordUses.get(userName);
  }

  group(groupName: string): EmulatedGroup | undefined {
    return this.groups.get(groupName);
  }

  /** The user's groups in name order. */
  groupsOf(userName: string): EmulatedGroup[] {
    return [...this.groups.values()]
      .filter((group) => group.members.has(userName))
      .sort((a, b) => a.groupName.localeCompare(b.groupName));
  }

  attachedOfUser(userName: string, create = false): EmulatedAttachedPolicy[] {
    let list = this.userAttached.get(userName);
    if (list === undefined) {
      list = [];
      if (create) this.userAttached.set(userName, list);
    }
    return list;
  }

  inlineOfUser(userName: string, create = false): Map<string, string> {
    let map = this.userInline.get(userName);
    if (map === undefined) {
      map = new Map();
      if (create) this.userInline.set(userName, map);
    }
    return map;
  }

  private requireGroup(groupName: string): EmulatedGroup {
    const group = this.groups.get(groupName);
    if (group === undefined) throw new Error(`no group ${groupName}: add it first`);
    return group;
  }
}
