/** Reading a V8 CPU profile (`node --cpu-prof`): self time per package and per function. */

export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { functionName: string; url: string; lineNumber: number };
  }>;
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  /** Sampled time in the window, idle excluded, in µs. */
  readonly totalUs: number;
  /** [package or project file, µs], most first. */
  readonly byArea: ReadonlyArray<[string, number]>;
  /** [function (area), µs], most first. */
  readonly byFunction: ReadonlyArray<[string, number]>;
}

/** Where a frame's code lives: an npm package, a file of the project, Node itself, or V8's own work. */
export function areaOf(url: string, functionName: string, projectRoot: string): string {
  if (url === '') return `(${functionName || 'anonymous'})`;
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (packaged !== null) return packaged[1]!;
  return path.startsWith(projectRoot) ? path.slice(projectRoot.length + 1) : path;
}

/** Self time of the samples taken between `fromUs` and `toUs` (the profile's monotonic clock). */
export function selfTimeOf(
  profile: CpuProfile,
  window: { fromUs: number; toUs: number; projectRoot: string },
): SelfTime {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i]!;
    // A sample stands for the time up to the next one.
    const spanUs = profile.timeDeltas[i + 1] ?? 0;
    if (at < window.fromUs || at > window.toUs) continue;
    const frame = nodes.get(profile.samples[i]!);
    if (frame === undefined || frame.functionName === '(idle)') continue;
    const area = areaOf(frame.url, frame.functionName, window.projectRoot);
    const fn = `${frame.functionName || '(anonymous)'} (${area}:${frame.lineNumber + 1})`;
    totalUs += spanUs;
    byArea.set(area, (byArea.get(area) ?? 0) + spanUs);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + spanUs);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { totalUs, byArea: sorted(byArea), byFunction: sorted(byFunction) };
}
