import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_FILE_MAX_AGE_MS } from '../../../src/health-file.js';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;

/** The image's HEALTHCHECK command (src/healthcheck.ts), run with only the bot's environment. */
async function healthcheck(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/healthcheck.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('the container health check', () => {
  let server: Server;
  let port: number;
  let status = 200;
  const paths: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      paths.push(request.url ?? '');
      response.writeHead(status).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('in HTTP mode asks GET /healthz on PORT at HOST, and is healthy on 200', async () => {
    const result = await healthcheck({ PORT: String(port), HOST: '127.0.0.1', SLACK_SIGNING_SECRET: 's' });
    expect(result).toEqual({ code: 0, stdout: `healthy: http://127.0.0.1:${port}/healthz\n` });
    expect(paths.at(-1)).toBe('/healthz');
  });

  it('asks 127.0.0.1 when the bot listens on every interface', async () => {
    expect((await healthcheck({ PORT: String(port), HOST: '0.0.0.0' })).code).toBe(0);
    expect((await healthcheck({ PORT: String(port) })).code).toBe(0);
  });

  it('is unhealthy when /healthz answers otherwise, or nothing listens', async () => {
    status = 503;
    try {
      const answered = await healthcheck({ PORT: String(port), HOST: '127.0.0.1' });
      expect(answered.code).toBe(1);
      expect(answered.stdout).toContain('answered 503');
    } finally {
      status = 200;
    }
    const closed = await healthcheck({ PORT: '9', HOST: '127.0.0.1' });
    expect(closed.code).toBe(1);
    expect(closed.stdout).toContain('unhealthy');
  });

  it('honours HOST: a bot bound to another address is asked there, not on 127.0.0.1', async () => {
    // 127.0.0.2 is loopback too, but nothing listens there on this port.
    const result = await healthcheck({ PORT: String(port), HOST: '127.0.0.2' });
    expect(result.stdout).toContain(`http://127.0.0.2:${port}/healthz`);
    expect(result.code).toBe(1);
  });

  describe('in Socket Mode, the health file the bot writes (HEALTH_FILE)', () => {
    let file: string;
    beforeAll(async () => {
      file = join(await mkdtemp(join(tmpdir(), 'mfa-reset-health-')), 'health.json');
    });
    const socketMode = () =>
      healthcheck({ SLACK_APP_TOKEN: 'xapp-1', PORT: String(port), HEALTH_FILE: file });
    const report = (report: object) => writeFile(file, JSON.stringify(report));

    it('is healthy on a fresh report that says so, and opens no connection', async () => {
      const before = paths.length;
      await report({ ok: true, problems: [], at: new Date().toISOString() });
      expect(await socketMode()).toEqual({ code: 0, stdout: `healthy: ${file}\n` });
      expect(paths.length).toBe(before);
    });

    it('is unhealthy with the bot’s reasons on a fresh report that says so', async () => {
      const problems = [
        'Slack: the Socket Mode connection is down',
        'DynamoDB: the audit table cannot be read (x)',
      ];
      await report({ ok: false, problems, at: new Date().toISOString() });
      expect(await socketMode()).toEqual({ code: 1, stdout: `unhealthy: ${problems.join('; ')}\n` });
    });

    it('is unhealthy when the bot stopped writing it (an old report) or never wrote it', async () => {
      const old = new Date(Date.now() - HEALTH_FILE_MAX_AGE_MS - 60_000).toISOString();
      await report({ ok: true, problems: [], at: old });
      expect(await socketMode()).toEqual({
        code: 1,
        stdout: `unhealthy: the bot last wrote its health at ${old}: it is stuck or stopped\n`,
      });
      await rm(file);
      const missing = await socketMode();
      expect(missing.code).toBe(1);
      expect(missing.stdout).toBe(
        `unhealthy: cannot read ${file} (ENOENT): the bot has not reported its health\n`,
      );
    });
  });
});
