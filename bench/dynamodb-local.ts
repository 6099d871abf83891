import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDynamoDbLocal, freePort } from '../src/sandbox/dynamodb-local.js';
import { track } from '../test/harness/app-processes.js';
import { assertLoopbackOnly } from './loopback.js';
import { sleep } from './stats.js';

const launcher = join(dirname(fileURLToPath(import.meta.url)), 'LoopbackDynamoDbLocal.java');

export interface BenchDynamoDb {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * DynamoDB Local in memory on a free loopback port, from the jar the test harness caches. The
 * harness's `startDynamoDbLocal()` runs the jar's own launcher, which listens on every interface;
 * the benchmark must bind only to 127.0.0.1, so it starts the server through LoopbackDynamoDbLocal.java
 * (needs a JDK: the source launcher compiles it on the fly) and checks /proc/net afterwards.
 */
export async function startBenchDynamoDb(): Promise<BenchDynamoDb> {
  const dir = await ensureDynamoDbLocal();
  const port = await freePort();
  const lib = join(dir, 'DynamoDBLocal_lib');
  const child = track(
    spawn(
      'java',
      [
        `-Djava.library.path=${lib}`,
        '-cp',
        `${join(dir, 'DynamoDBLocal.jar')}:${lib}/*`,
        launcher,
        '-inMemory',
        '-disableTelemetry',
        '-port',
        String(port),
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += String(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  const deadline = performance.now() + 90_000;
  while (!output.includes('listening on 127.0.0.1')) {
    if (child.exitCode !== null) {
      throw new Error(`DynamoDB Local exited early (is a JDK with javac installed?):\n${output}`);
    }
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`DynamoDB Local did not start within 90 s:\n${output}`);
    }
    await sleep(100);
  }
  try {
    assertLoopbackOnly(port, 'DynamoDB Local');
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint: `http://127.0.0.1:${port}`, stop };
}
