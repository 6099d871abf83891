import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { awsCallLimits, worstCaseMs } from '../../../src/aws-limits.js';
import { startSilentServer } from '../../harness/silent-server.js';

const mainScript = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

/** Runs the real entry point in a child process, as `mfa-reset-bot` would run, configured only by env. */
function runMain(
  argv: readonly string[],
  /** Added to the environment below; `undefined` leaves a variable out. */
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--no-warnings', mainScript, ...argv],
      {
        env: {
          PATH: process.env.PATH,
          AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}

describe('mfa-reset-bot entry point', () => {
  it('is an executable script with a node shebang', async () => {
    expect((await readFile(mainScript, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('creates a table and verifies it through the SDK standard environment, setting the exit code', async () => {
    const tableName = `cli-main-${randomUUID()}`;

    const created = await runMain(['table', 'create', '--table', tableName]);
    const [verified, refused] = await Promise.all([
      runMain(['audit', 'verify', '--table', tableName]),
      runMain(['audit', 'export', '--format', 'xml']),
    ]);

    expect(created).toMatchObject({ code: 0, stdout: `Table ${tableName} created; it is active.\n` });
    expect(verified).toMatchObject({
      code: 0,
      stdout: `Audit trail in ${tableName} is intact: 0 events and 0 requests checked.\n`,
    });
    expect(refused.code).toBe(2);
  });

  it('exits with code 2 and says to set AWS_REGION when no region is configured, or an empty one', async () => {
    const noProfile = {
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    };
    const runs = await Promise.all([
      runMain(['audit', 'verify', '--table', 'mfa-reset-audit'], { AWS_REGION: undefined, ...noProfile }),
      runMain(['audit', 'verify', '--table', 'mfa-reset-audit'], { AWS_REGION: '', ...noProfile }),
    ]);

    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('the AWS region is missing or not valid');
      expect(run.stderr).toContain('set AWS_REGION to the region of the audit table');
      expect(run.stderr).not.toContain('AUDIT_STORE_UNAVAILABLE');
    }
  });
});

describe('mfa-reset-bot against a DynamoDB endpoint that never answers', () => {
  it('gives up on `audit verify` within the time limit with AUDIT_STORE_UNAVAILABLE and exit code 3', async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const run = await runMain(['audit', 'verify', '--table', 'mfa-reset-audit'], {
        AWS_ENDPOINT_URL_DYNAMODB: silent.url,
      });
      const ms = Date.now() - started;

      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/AUDIT_STORE_UNAVAILABLE: The audit store did not answer in time/);
      expect(run.stderr).toContain('read the audit trail for verification');
      expect(silent.connections).toBe(awsCallLimits.dynamodb.maxAttempts);
      // The process' own start-up (tsx, the SDK) comes on top of the store's bound.
      expect(ms).toBeLessThan(worstCaseMs(awsCallLimits.dynamodb) + 8_000);
    } finally {
      await silent.close();
    }
  });
});
