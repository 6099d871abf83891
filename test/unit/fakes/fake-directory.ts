import type { Directory, DirectoryUse, ProfileEmail } from '../../../src/services/ports.js';

/** Slack's people directory: profile e-mails and user-group members, set by the test. */
export class FakeDirectory implements Directory {
  readonly #emails = new Map<string, ProfileEmail>();
  readonly #groups = new Map<string, string[]>();
  /** User groups looked up, in order. */
  readonly groupLookups: string[] = [];
  /** Members whose profile was looked up, in order. */
  readonly profileLookups: string[] = [];
  /** When set, profile look-ups fail with it (Slack down). */
  profileFailure: Error | undefined;
  /** Members Slack reports as deactivated (`deleted` in users.info). */
  readonly deactivated = new Set<string>();
  /** What each group look-up was for, in the same order. */
  readonly lookupUses: DirectoryUse[] = [];

  constructor(
    options: { emails?: Readonly<Record<string, string>>; groups?: Readonly<Record<string, string[]>> } = {},
  ) {
    for (const [member, email] of Object.entries(options.emails ?? {})) this.setEmail(member, email);
    for (const [group, members] of Object.entries(options.groups ?? {})) this.setGroup(group, members);
  }

  /** The member's profile e-mail; confirmed unless `confirmed: false` (Slack false, or not saying). */
  setEmail(slackUserId: string, email: string | undefined, options: { confirmed?: boolean } = {}): void {
    if (email === undefined) this.#emails.delete(slackUserId);
    else this.#emails.set(slackUserId, { address: email, confirmed: options.confirmed ?? true });
  }

  setGroup(userGroupId: string, members: readonly string[]): void {
    this.#groups.set(userGroupId, [...members]);
  }

  async profileEmail(slackUserId: string): Promise<ProfileEmail | undefined> {
    this.profileLookups.push(slackUserId);
    if (this.profileFailure !== undefined) throw this.profileFailure;
    return this.#emails.get(slackUserId);
  }

  async isDeactivated(slackUserId: string): Promise<boolean> {
    return this.deactivated.has(slackUserId);
  }

  async userGroupMembers(userGroupId: string, use: DirectoryUse): Promise<readonly string[]> {
    this.groupLookups.push(userGroupId);
    this.lookupUses.push(use);
    return [...(this.#groups.get(userGroupId) ?? [])];
  }
}
