/** The emulator's own time, which a caller can move or stop to test TOTP steps and session expiry. */
export interface EmulatorClock {
  /** Milliseconds since the epoch, as the emulator sees them (TOTP checks, session expiry). */
  now(): number;
  /** Moves the emulator's time forward, e.g. past a session's expiry. */
  advance(ms: number): void;
  /**
   * Stops the emulator's time (at `atMs`, default now) so that a test working with TOTP steps
   * cannot see a 30 s boundary pass between making a code and the emulator checking it.
   */
  freeze(atMs?: number): void;
}

export function createClock(): EmulatorClock {
  let offsetMs = 0;
  let frozenAtMs: number | undefined;
  const now = () => frozenAtMs ?? Date.now() + offsetMs;
  return {
    now,
    advance: (ms) => {
      if (frozenAtMs === undefined) offsetMs += ms;
      else frozenAtMs += ms;
    },
    freeze: (atMs) => {
      frozenAtMs = atMs ?? now();
    },
  };
}
