/** Holds callers until released: lets a test line up concurrent calls before any of them proceeds. */
export interface Gate {
  readonly opened: Promise<void>;
  release(): void;
}

export function aGate(): Gate {
  let release: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { opened, release: () => release() };
}
