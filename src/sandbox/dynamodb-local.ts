import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * AWS's own DynamoDB Local (a Java 17 program), obtained through the npm registry: the
 * `amplify-dynamodb-simulator` package ships it in its `emulator/` folder. We take only that folder,
 * with `npm pack` (the package's other dependencies are not needed), check the tarball against the
 * registry's integrity hash pinned below, and cache it under `.cache/` (git-ignored).
 */
const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const PACKAGE_INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

const run = promisify(execFile);
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = join(projectRoot, '.cache', 'dynamodb-local');
const emulatorDir = join(cacheDir, 'emulator');

async function sha512Base64(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

/** Returns the folder holding DynamoDBLocal.jar, downloading it through npm on first use. */
export async function ensureDynamoDbLocal(): Promise<string> {
  if (existsSync(join(emulatorDir, 'DynamoDBLocal.jar'))) return emulatorDir;
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

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

async function assertJava(): Promise<void> {
  try {
    await run('java', ['-version']);
  } catch {
    throw new Error(
      'DynamoDB Local needs Java 17 or later on the PATH (Debian: apt-get install openjdk-17-jre-headless).',
    );
  }
}

async function waitUntilServing(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
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
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`DynamoDB Local did not start within 60 s:\n${output()}`);
}

/** Starts DynamoDB Local in memory on a free loopback port. */
export async function startDynamoDbLocal(): Promise<RunningDynamoDbLocal> {
  await assertJava();
  const dir = await ensureDynamoDbLocal();
  const port = await freePort();
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(endpoint, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
