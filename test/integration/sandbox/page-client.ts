/** The page's JSON API as the page itself calls it, for tests that drive the sandbox without a browser. */
export interface MemberState {
  conversations: Array<{ id: string; messages: Array<{ ts: string; text: string; ephemeral: boolean }> }>;
  modal: Array<{
    id: string;
    title: { text: string };
    submit: unknown;
    blocks: unknown[];
    errors: Record<string, string>;
  }>;
  home: { id: string; blocks: unknown[] } | null;
  notices: Array<{ text: string }>;
  apiLog: Array<{ method: string; ok: boolean; error?: string }>;
}

export interface PageClient {
  url(path: string): string;
  post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  stateOf(slackId: string): Promise<MemberState>;
  /** Polls the member's state until `probe` finds something (10 s at most). */
  eventually<T>(slackId: string, probe: (state: MemberState) => T | undefined): Promise<T>;
}

export function pageClient(pageUrl: string): PageClient {
  const url = (path: string) => new URL(path, pageUrl).toString();
  const stateOf = async (slackId: string) =>
    (await (await fetch(url(`/api/state?as=${slackId}`))).json()) as MemberState;
  return {
    url,
    stateOf,
    post: async (path, body) => {
      const response = await fetch(url(path), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    eventually: async (slackId, probe) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = probe(await stateOf(slackId));
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error('the page never showed it');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** The request form, once the bot has replaced its loading modal with it. */
export function requestForm(state: MemberState) {
  const top = state.modal.at(-1);
  return top?.title.text === 'MFA reset' && top.submit !== null ? top : undefined;
}
