import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { track } from './children.js';
import { within } from './stats.js';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A spawned app (the bot's entry point or the bare app), up and listening. */
export interface AppProcess {
  readonly pid: number;
  readonly port: number;
  /** From spawn() to its start line on stdout. */
  readonly startupMs: number;
  /** Resident memory now, from /proc/PID/status (VmRSS), in MiB. */
  rssMiB(): number;
  /** Peak resident memory so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  /** CPU time used so far, user + system, all threads (/proc/PID/stat), in ms. */
  cpuMs(): number;
  /** CPU time used up to the start line, in ms. */
  readonly startupCpuMs: number;
  /** The last part of what it wrote, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface AppSpec {
  readonly name: string;
  /** Arguments to node, e.g. ['dist/main.js']. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Matches the start line; group 1 is the port. */
  readonly startLine: RegExp;
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

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** Spawns `node ...args` and resolves once it prints its start line. */
export async function spawnApp(spec: AppSpec): Promise<AppProcess> {
  const startedAt = performance.now();
  const child = track(
    spawn(process.execPath, [...spec.args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-16_384);
  };
  child.stderr?.on('data', keep);
  const started = new Promise<{ port: number; atMs: number }>((resolveStart, reject) => {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const atMs = performance.now();
      keep(chunk);
      pending += String(chunk);
      const port = spec.startLine.exec(pending)?.[1];
      if (port !== undefined) {
        pending = '';
        resolveStart({ port: Number(port), atMs });
      } else {
        pending = pending.slice(-4_096);
      }
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`${spec.name} exited (${code ?? signal}) before starting:\n${output}`)),
    );
  });
  let start: { port: number; atMs: number };
  try {
    start = await within(started, 20_000, `${spec.name} start line`);
  } catch (error) {
    await stopChild(child);
    throw error;
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
    output: () => output,
    stop: () => stopChild(child),
  };
}

/**
 * Transpiles bench/bare-app-main.ts and the harness's bare-bolt-app.ts to JavaScript under
 * .cache/bench (inside the project, so `@slack/bolt` resolves from node_modules) and returns the
 * entry point. Type-only imports vanish, exactly as tsc would emit them.
 */
export async function buildBareApp(): Promise<string> {
  const outRoot = join(projectRoot, '.cache', 'bench', 'bare-app');
  for (const relative of ['bench/bare-app-main.ts', 'test/harness/slack/bare-bolt-app.ts']) {
    const source = await readFile(join(projectRoot, relative), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: relative,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    const out = join(outRoot, relative.replace(/\.ts$/, '.js'));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, outputText);
  }
  return join(outRoot, 'bench', 'bare-app-main.js');
}
