import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Java for DynamoDB Local: finding a Java 17+ runtime, and compiling the loopback launcher
 * (LoopbackDynamoDbLocal.java) once with a JDK's javac into `.cache/`, so that later starts need
 * only `java`. Every failure says what is missing and how to install it.
 */
const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const launcherSource = join(here, 'LoopbackDynamoDbLocal.java');
export const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
export const MIN_JAVA = 17;

export const INSTALL_JDK_HINT =
  'Install a JDK 17 or later: on Debian or Ubuntu `apt-get install openjdk-17-jdk-headless`, elsewhere ' +
  'any JDK 17+ (for example from adoptium.net), with `java` and `javac` on the PATH.';

/** Java or the JDK is missing or too old: the message says what to install. */
export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
}

/** The major version in `java -version` / `javac -version` output: 1.8 → 8, 17.0.15 → 17. */
export function majorVersionOf(output: string): number | undefined {
  const match = /(?:version "|javac )(\d+)(?:\.(\d+))?/.exec(output);
  if (match === undefined || match === null) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

async function versionOf(tool: 'java' | 'javac', env: NodeJS.ProcessEnv): Promise<number | undefined> {
  try {
    const { stdout, stderr } = await run(tool, ['-version'], { env });
    return majorVersionOf(`${stderr}\n${stdout}`);
  } catch {
    return undefined;
  }
}

/** Throws JavaMissingError unless `java` on the PATH is Java 17 or later. */
export async function assertJavaRuntime(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const version = await versionOf('java', env);
  if (version === undefined) {
    throw new JavaMissingError(
      `DynamoDB Local needs Java, and there is no \`java\` on the PATH. ${INSTALL_JDK_HINT}`,
    );
  }
  if (version < MIN_JAVA) {
    throw new JavaMissingError(
      `DynamoDB Local needs Java ${MIN_JAVA} or later; \`java\` on the PATH is Java ${version}. ${INSTALL_JDK_HINT}`,
    );
  }
}

/**
 * The folder holding LoopbackDynamoDbLocal.class, compiled against this DynamoDB Local. It is
 * cached under `cacheDir`, keyed by the launcher's source and the jar, so javac runs only the
 * first time (and again when either changes); concurrent first runs each compile into a staging
 * folder and the first rename wins.
 */
export async function loopbackLauncher(input: {
  readonly cacheDir: string;
  readonly classPath: string;
  readonly jarVersion: string;
  readonly env?: NodeJS.ProcessEnv;
}): Promise<string> {
  const source = await readFile(launcherSource);
  const key = createHash('sha256').update(source).update(input.jarVersion).digest('hex').slice(0, 16);
  const target = join(input.cacheDir, `launcher-${key}`);
  if (existsSync(join(target, `${LAUNCHER_CLASS}.class`))) return target;

  const env = input.env ?? process.env;
  const javac = await versionOf('javac', env);
  if (javac === undefined) {
    throw new JavaMissingError(
      'DynamoDB Local is started through a small launcher that binds it to 127.0.0.1, and compiling it ' +
        `once needs a JDK: there is no \`javac\` on the PATH (a Java runtime alone is not enough). ${INSTALL_JDK_HINT}`,
    );
  }
  const staging = `${target}.staging-${process.pid}`;
  await mkdir(staging, { recursive: true });
  try {
    await run('javac', ['-nowarn', '-cp', input.classPath, '-d', staging, launcherSource], { env });
    // Another process compiling at the same time may have won the rename; its class is as good.
    if (!existsSync(target)) await rename(staging, target).catch(() => undefined);
    if (!existsSync(join(target, `${LAUNCHER_CLASS}.class`))) {
      throw new Error(`javac left no ${LAUNCHER_CLASS}.class in ${target}`);
    }
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
