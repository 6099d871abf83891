import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Node programs run as processes of their own (the bot's built entry point, the bench's bare Bolt
 * app), for the tests and the benchmark alike: spawned, awaited until they print their start line,
 * measured from /proc, stopped or killed. None outlives whoever started it: each is killed when
 * this process exits, and each exits by itself when this process dies without a chance to say so
 * (SIGKILL, a crash): it is given an IPC channel and a preloaded line that exits on its disconnect.
 */

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every child started here, killed when this process exits however it exits. */
const live = new Set<ChildProcess>();

/** Registers a child so that it never outlives this process (also for children spawned elsewhere). */
export function track<T extends ChildProcess>(child: T): T {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Preloaded into each app: when the IPC channel to its parent closes (the parent died), it exits.
 * The channel is unref'd, so it keeps nothing alive and the app behaves as if started by hand.
 */
const EXIT_WITH_PARENT =
  "data:text/javascript,if(process.channel){process.channel.unref();process.once('disconnect',()=>process.exit(70))}";

/** A spawned app, up and listening. */
export interface AppProcess {
  readonly pid: number;
  readonly port: number;
  /** From spawn() to its start line on stdout. */
  readonly startupMs: number;
  /** CPU time used up to the start line, in ms. */
  readonly startupCpuMs: number;
  /** Resident memory now, from /proc/PID/status (VmRSS), in MiB. */
  rssMiB(): number;
  /** Peak resident memory so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  /** CPU time used so far, user + system, all threads (/proc/PID/stat), in ms. */
  cpuMs(): number;
  /** The last part of what it wrote (stdout and stderr), for error messages. */
  output(): string;
  /** Every complete line it wrote to stdout so far (the bot's JSON log lines), oldest first. */
  stdoutLines(): readonly string[];
  /** Whether it has exited. */
  exited(): boolean;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited. */
  stop(): Promise<void>;
  /** SIGKILL at once, no chance to clean up (a crash); resolves once it has exited. */
  kill(): Promise<void>;
}

export interface AppSpec {
  readonly name: string;
  /** Arguments to node, e.g. ['dist/main.js']. */
  readonly args: readonly string[];
  /** The whole environment of the app (only PATH is added). */
  readonly env: Readonly<Record<string, string>>;
  /** Matches the start line; group 1 is the port. */
  readonly startLine: RegExp;
  /** How long the start line may take (default 20 s). */
  readonly startTimeoutMs?: number;
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (match === null) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/** utime + stime of the whole process, in ms (/proc reports them in USER_HZ ticks, 100 a second). */
function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function signalled(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  return new Promise<void>((resolveStop) => {
    if (hasExited(child)) return resolveStop();
    const killer = signal === 'SIGTERM' ? setTimeout(() => child.kill('SIGKILL'), 5_000) : undefined;
    child.once('exit', () => {
      clearTimeout(killer);
      resolveStop();
    });
    child.kill(signal);
  });
}

/** Collects a child's output: the tail of everything, and stdout's complete lines. */
function outputOf(child: ChildProcess) {
  let tail = '';
  let partial = '';
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    tail = (tail + String(chunk)).slice(-16_384);
  };
  child.stderr?.on('data', keep);
  child.stdout?.on('data', (chunk: Buffer) => {
    keep(chunk);
    const text = partial + String(chunk);
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    lines.push(...complete.filter((line) => line.length > 0));
  });
  return { tail: () => tail, lines: () => lines as readonly string[] };
}

/** Spawns `node ...args` and resolves once it prints its start line. */
export async function spawnApp(spec: AppSpec): Promise<AppProcess> {
  const startedAt = performance.now();
  const child = track(
    spawn(process.execPath, ['--import', EXIT_WITH_PARENT, ...spec.args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
  );
  // The parent's end of the channel must not keep this process alive either.
  child.channel?.unref();
  const output = outputOf(child);
  const started = new Promise<{ port: number; atMs: number }>((resolveStart, reject) => {
    const onData = () => {
      const atMs = performance.now();
      const port = spec.startLine.exec(output.tail())?.[1];
      if (port === undefined) return;
      child.stdout?.off('data', onData);
      resolveStart({ port: Number(port), atMs });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`${spec.name} exited (${code ?? signal}) before starting:\n${output.tail()}`)),
    );
  });
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = spec.startTimeoutMs ?? 20_000;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${spec.name}: no start line within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  let start: { port: number; atMs: number };
  try {
    start = await Promise.race([started, timeout]);
  } catch (error) {
    await signalled(child, 'SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const pid = child.pid!;
  return {
    pid,
    port: start.port,
    startupMs: start.atMs - startedAt,
    startupCpuMs: cpuTimeMs(pid),
    cpuMs: () => cpuTimeMs(pid),
    rssMiB: () => statusKiB(pid, 'VmRSS') / 1024,
    peakRssMiB: () => statusKiB(pid, 'VmHWM') / 1024,
    output: output.tail,
    stdoutLines: output.lines,
    exited: () => hasExited(child),
    stop: () => signalled(child, 'SIGTERM'),
    kill: () => signalled(child, 'SIGKILL'),
  };
}
