/**
 * What Slack itself shows a member when something goes wrong between Slack and the app, as
 * opposed to what the app says: a slash command that failed (`dispatch_failed`,
 * `operation_timeout`), an action the app did not answer, a submission Slack could not use ("We
 * had some trouble connecting"). Kept per member and per modal view until the sandbox is reset.
 */
export interface Notice {
  readonly at: number;
  readonly text: string;
  /** For the curious: what exactly went wrong, as the driver saw it. */
  readonly detail?: string;
}

export class Notices {
  private readonly byMember = new Map<string, Notice[]>();
  private readonly byView = new Map<string, Notice>();

  constructor(private readonly now: () => number = Date.now) {}

  tell(memberId: string, text: string, detail?: string): void {
    const list = this.byMember.get(memberId) ?? [];
    list.push({ at: this.now(), text, ...(detail !== undefined && { detail }) });
    this.byMember.set(memberId, list.slice(-20));
  }

  of(memberId: string): readonly Notice[] {
    return this.byMember.get(memberId) ?? [];
  }

  /** The modal `viewId` could not take the app's answer; cleared by its next good submission. */
  troubleIn(viewId: string, detail: string): void {
    this.byView.set(viewId, { at: this.now(), text: 'We had some trouble connecting. Try again?', detail });
  }

  clearTrouble(viewId: string): void {
    this.byView.delete(viewId);
  }

  troubleOf(viewId: string): Notice | undefined {
    return this.byView.get(viewId);
  }

  clear(): void {
    this.byMember.clear();
    this.byView.clear();
  }
}
