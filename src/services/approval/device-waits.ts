/**
 * Codes that found every place of their approver device taken (codes in flight, see
 * domain/lockout.ts) wait for a place instead of being refused: a burst of legitimate approvals
 * from one help-desk device must not read as "device locked". A waiting code is woken as soon as
 * this process gives a place of that device back, and looks again on its own every so often for
 * places given back by other replicas or lapsed. The wait is bounded; the Slack answer path has
 * answered "working on it" long before. One room per process, built by the composition root
 * (src/bot.ts) and passed to the approval: codes in one process wait in the same room.
 */

/** How long a code waits for a place of its device before it is refused (APPROVER_DEVICE_BUSY). */
export const DEVICE_WAIT_MS = 30_000;
/** How often a waiting code looks again without being woken (places freed by other replicas). */
const LOOK_AGAIN_MS = 400;

export interface DeviceWaits {
  /** Resolves when a place of `serial` may have been given back, or after a while anyway. */
  wait(serial: string, maxMs: number): Promise<void>;
  /** A place of `serial` was given back in this process: the longest-waiting code looks first. */
  wake(serial: string): void;
}

export function createDeviceWaits(): DeviceWaits {
  const waiting = new Map<string, Array<() => void>>();
  return {
    wait(serial, maxMs) {
      return new Promise<void>((resolve) => {
        const queue = waiting.get(serial) ?? [];
        waiting.set(serial, queue);
        const done = () => {
          clearTimeout(timer);
          const at = queue.indexOf(done);
          if (at >= 0) queue.splice(at, 1);
          if (queue.length === 0 && waiting.get(serial) === queue) waiting.delete(serial);
          resolve();
        };
        const lookAgain = Math.min(maxMs, LOOK_AGAIN_MS * (0.75 + Math.random() / 2));
        const timer = setTimeout(done, Math.max(0, lookAgain));
        queue.push(done);
      });
    },
    wake(serial) {
      waiting.get(serial)?.[0]?.();
    },
  };
}
