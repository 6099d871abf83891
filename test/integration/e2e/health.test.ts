import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../../src/health-file.js';
import { eventually, startWorld, type World } from './world.js';

/**
 * Health means the bot can do its work: its connection to Slack is open (Socket Mode) and it can
 * read its audit table. HTTP mode answers `GET /healthz`; Socket Mode writes the health file that
 * the container's check reads (src/healthcheck.ts).
 */
describe('the bot’s health', () => {
  let world: World;
  afterEach(async () => world?.close());

  async function healthz(): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`http://127.0.0.1:${world.bot.port}/healthz`);
    return { status: response.status, body: await response.json() };
  }

  /** The health file's report once `where` holds for it. */
  function healthFile(where: (report: HealthReport) => boolean, what: string): Promise<HealthReport> {
    return eventually(
      async () => {
        const text = await readFile(world.config.healthFile, 'utf8').catch(() => undefined);
        const report = text === undefined ? undefined : (JSON.parse(text) as HealthReport);
        return report !== undefined && where(report) ? report : undefined;
      },
      { timeoutMs: 15_000, what },
    );
  }

  it('HTTP mode: /healthz is 200 while the table can be read, and 503 naming DynamoDB when not', async () => {
    world = await startWorld();
    expect(await healthz()).toEqual({ status: 200, body: { status: 'ok' } });

    world.dynamo.failRequests(true);
    const down = await healthz();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'unavailable',
      detail: expect.stringContaining('DynamoDB: the audit table cannot be read'),
    });

    world.dynamo.failRequests(false);
    expect((await healthz()).status).toBe(200);
  });

  it('Socket Mode: the health file says when the Slack connection is down, and when it is back', async () => {
    world = await startWorld({ socketMode: true });
    await healthFile((report) => report.ok, 'a healthy report');

    world.slack.socketMode.disconnect('refresh_requested');
    const down = await healthFile((report) => !report.ok, 'an unhealthy report');
    expect(down.problems).toEqual(['Slack: the Socket Mode connection is down']);

    await world.slack.socketMode.waitForConnections(2, { timeoutMs: 15_000 });
    expect((await healthFile((report) => report.ok, 'healthy again')).problems).toEqual([]);
  });

  it('Socket Mode: the health file names DynamoDB when the table cannot be read', async () => {
    world = await startWorld({ socketMode: true });
    await healthFile((report) => report.ok, 'a healthy report');

    world.dynamo.failRequests(true);
    // A change of the Slack connection writes the file at once (otherwise it is written every 15 s).
    world.slack.socketMode.disconnect('warning');
    const down = await healthFile(
      (report) => report.problems.some((problem) => problem.startsWith('DynamoDB')),
      'a report naming DynamoDB',
    );
    expect(down.ok).toBe(false);
    expect(down.problems.join('\n')).toContain('DynamoDB: the audit table cannot be read');
  });
});
