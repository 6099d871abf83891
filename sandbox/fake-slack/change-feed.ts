/** How long to wait for something the app is expected to do. */
export interface WaitOptions {
  /** Give up after this long (real time); 2 s by default. */
  timeoutMs?: number;
}

/**
 * Who wants to hear that the fake changed: `waitFor` probes that resolve once their condition holds
 * (the tests), and plain listeners told after every change (the sandbox's page).
 */
export class ChangeFeed {
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<() => void>();

  /** Resolves when `probe` returns something other than undefined; it is re-run on every change. */
  waitFor<T>(probe: () => T | undefined, options: WaitOptions & { description?: string } = {}): Promise<T> {
    const found = probe();
    if (found !== undefined) return Promise.resolve(found);
    const timeoutMs = options.timeoutMs ?? 2000;
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`fake Slack: no ${options.description ?? 'match'} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const check of [...this.waiters]) check();
    for (const listener of [...this.listeners]) listener();
  }
}
