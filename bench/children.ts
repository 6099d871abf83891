import type { ChildProcess } from 'node:child_process';

/**
 * Every process the benchmark starts (DynamoDB Local, the apps), so that none outlives it: however
 * the benchmark ends — normally, on an error, on Ctrl-C or on its own time limit — they are killed.
 */
const live = new Set<ChildProcess>();

export function track<T extends ChildProcess>(child: T): T {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
