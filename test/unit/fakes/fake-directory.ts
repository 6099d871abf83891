import type { Directory } from '../../../src/services/ports.js';

/** Slack's people directory: profile e-mails and user-group members, set by the test. */
export class FakeDirectory implements Directory {
  readonly #emails = new Map<string, string>();
  readonly #groups = new Map<string, string[]>();
  /** User groups looked up, in order. */
  readonly groupLookups: string[] = [];

  constructor(
    options: { emails?: Readonly<Record<string, string>>; groups?: Readonly<Record<string, string[]>> } = {},
  ) {
    for (const [member, email] of Object.entries(options.emails ?? {})) this.setEmail(member, email);
    for (const [group, members] of Object.entries(options.groups ?? {})) this.setGroup(group, members);
  }

  setEmail(slackUserId: string, email: string | undefined): void {
    if (email === undefined) this.#emails.delete(slackUserId);
    else this.#emails.set(slackUserId, email);
  }

  setGroup(userGroupId: string, members: readonly string[]): void {
    this.#groups.set(userGroupId, [...members]);
  }

  async profileEmail(slackUserId: string): Promise<string | undefined> {
    return this.#emails.get(slackUserId);
  }

  async userGroupMembers(userGroupId: string): Promise<readonly string[]> {
    this.groupLookups.push(userGroupId);
    return [...(this.#groups.get(userGroupId) ?? [])];
  }
}
