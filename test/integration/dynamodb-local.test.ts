import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { ensureDynamoDbLocal, startDynamoDbLocal } from '../../sandbox/dynamodb-local.js';
import { assertJavaRuntime, JavaMissingError, loopbackLauncher } from '../../sandbox/java.js';
import { assertLoopbackOnly } from '../../sandbox/loopback.js';

const portOf = (endpoint: string) => Number(new URL(endpoint).port);

describe('the DynamoDB Local runner', () => {
  it('serves the DynamoDB API on the endpoint it provides, listening on 127.0.0.1 only', async () => {
    const endpoint = inject('dynamoDbEndpoint');
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const result = await client.send(new ListTablesCommand({}));
    expect(Array.isArray(result.TableNames)).toBe(true);
    client.destroy();
    expect(() => assertLoopbackOnly(portOf(endpoint), 'DynamoDB Local')).not.toThrow();
  });

  it('without loopbackOnly runs the jar’s own launcher, which listens beyond loopback: the check catches it', async () => {
    const dynamo = await startDynamoDbLocal({ loopbackOnly: false });
    try {
      expect(() => assertLoopbackOnly(dynamo.port, 'DynamoDB Local')).toThrow(/beyond loopback/);
    } finally {
      await dynamo.stop();
    }
  }, 60_000);

  it('says what it fetches and how long that takes before the first download, and nothing once it is cached', async () => {
    const said: string[] = [];
    const emptyCache = await mkdtemp(join(tmpdir(), 'ddb-cache-'));
    // A registry that refuses at once: the download fails, after the runner said what it was doing.
    const saved = {
      registry: process.env.npm_config_registry,
      retries: process.env.npm_config_fetch_retries,
    };
    process.env.npm_config_registry = 'http://127.0.0.1:9/';
    process.env.npm_config_fetch_retries = '0';
    try {
      await expect(
        ensureDynamoDbLocal({ cacheDir: emptyCache, say: (line) => said.push(line) }),
      ).rejects.toThrow();
    } finally {
      for (const [name, value] of [
        ['npm_config_registry', saved.registry],
        ['npm_config_fetch_retries', saved.retries],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(said).toEqual([
      expect.stringMatching(
        /^Fetching DynamoDB Local \(amplify-dynamodb-simulator@[\d.]+\) through npm into .*: a \d+ MB download, from a few seconds to a minute or two .*first run only/,
      ),
    ]);

    // The global setup has fetched it into the project's cache already.
    const quiet: string[] = [];
    await ensureDynamoDbLocal({ say: (line) => quiet.push(line) });
    expect(quiet).toEqual([]);
  }, 60_000);

  it('says how long the download took once DynamoDB Local is fetched', async () => {
    const said: string[] = [];
    const emptyCache = await mkdtemp(join(tmpdir(), 'ddb-cache-'));
    // From npm's own cache when the first fetch on this machine left the tarball there, else the registry.
    const saved = process.env.npm_config_prefer_offline;
    process.env.npm_config_prefer_offline = 'true';
    try {
      const dir = await ensureDynamoDbLocal({ cacheDir: emptyCache, say: (line) => said.push(line) });
      expect(dir).toBe(join(emptyCache, 'emulator'));
    } finally {
      if (saved === undefined) delete process.env.npm_config_prefer_offline;
      else process.env.npm_config_prefer_offline = saved;
      await rm(emptyCache, { recursive: true, force: true });
    }
    expect(said).toEqual([
      expect.stringMatching(/^Fetching DynamoDB Local/),
      expect.stringMatching(/^Fetched DynamoDB Local in \d+ s\.$/),
    ]);
  }, 180_000);

  it('says how to install Java when there is none on the PATH', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-java-'));
    const missing = assertJavaRuntime({ PATH: empty });
    await expect(missing).rejects.toBeInstanceOf(JavaMissingError);
    await expect(missing).rejects.toThrow(/apt-get install openjdk-17-jdk-headless/);
  });

  it('says a JDK is needed when the launcher is not compiled yet and there is no javac', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-javac-'));
    const compiling = loopbackLauncher({
      cacheDir: empty,
      classPath: empty,
      jarVersion: 'none',
      env: { PATH: empty },
    });
    await expect(compiling).rejects.toThrow(/no `javac` on the PATH.*openjdk-17-jdk-headless/s);
  });
});
