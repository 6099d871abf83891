/** Small statistics and loop helpers for the benchmark; no dependencies. */

/** Nearest-rank percentile (`p` in 0–100) of the samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * Total time covered by `intervals` inside `window`, overlaps counted once: how long something was
 * waiting on at least one of them.
 */
export function coveredMs(intervals: readonly Interval[], window: Interval): number {
  const clipped = intervals
    .map((i) => ({ startMs: Math.max(i.startMs, window.startMs), endMs: Math.min(i.endMs, window.endMs) }))
    .filter((i) => i.endMs > i.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  let total = 0;
  let openStart = Number.NEGATIVE_INFINITY;
  let openEnd = Number.NEGATIVE_INFINITY;
  for (const i of clipped) {
    if (i.startMs > openEnd) {
      if (openEnd > openStart) total += openEnd - openStart;
      openStart = i.startMs;
      openEnd = i.endMs;
    } else {
      openEnd = Math.max(openEnd, i.endMs);
    }
  }
  if (openEnd > openStart) total += openEnd - openStart;
  return total;
}

/**
 * Runs `body` up to `count` times, stopping early once `maxMs` have passed: every loop of the
 * benchmark is bounded by both. Returns how many iterations ran.
 */
export async function boundedLoop(
  bounds: { count: number; maxMs: number },
  body: (iteration: number) => Promise<void>,
): Promise<number> {
  const deadline = performance.now() + bounds.maxMs;
  let done = 0;
  while (done < bounds.count && performance.now() < deadline) {
    await body(done);
    done += 1;
  }
  return done;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with `promise`, or rejects with `what` after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
