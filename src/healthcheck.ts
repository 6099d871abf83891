#!/usr/bin/env node
/**
 * The container's health check (`node dist/healthcheck.js`), right for either mode:
 * - HTTP mode (no SLACK_APP_TOKEN): GET /healthz on PORT, at HOST when the bot listens on one
 *   address (127.0.0.1 when it listens on every interface). Healthy on 200 within 4 seconds.
 * - Socket Mode: the bot opens no port, so it writes its health to a file instead (HEALTH_FILE,
 *   see health-file.ts): healthy while the file is fresh and says its Slack connection is open and
 *   its audit table readable.
 * Either way an unhealthy answer says why. It reads the same variables as the bot and imports
 * nothing of it but health-file.ts, so it costs a few milliseconds.
 */
import { readFile } from 'node:fs/promises';
import { get } from 'node:http';
import { healthFilePath } from './config/health-file-path.js';
import { problemIn } from './health-file.js';

const TIMEOUT_MS = 4_000;

function healthUrl(env: NodeJS.ProcessEnv): string | undefined {
  if ((env.SLACK_APP_TOKEN ?? '').trim() !== '') return undefined;
  const port = (env.PORT ?? '').trim() || '3000';
  const host = (env.HOST ?? '').trim();
  const address = host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}/healthz`;
}

function probe(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = get(url, { timeout: TIMEOUT_MS }, (response) => {
      response.resume();
      resolve(response.statusCode === 200 ? undefined : `${url} answered ${response.statusCode}`);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    request.on('error', (error) => resolve(`${url}: ${error.message}`));
  });
}

async function socketModeProblem(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): the bot has not reported its health`;
  }
  return problemIn(text, Date.now());
}

async function main(): Promise<number> {
  const url = healthUrl(process.env);
  if (url === undefined) {
    const path = healthFilePath(process.env.HEALTH_FILE);
    const problem = await socketModeProblem(path);
    process.stdout.write(problem === undefined ? `healthy: ${path}\n` : `unhealthy: ${problem}\n`);
    return problem === undefined ? 0 : 1;
  }
  const problem = await probe(url);
  process.stdout.write(problem === undefined ? `healthy: ${url}\n` : `unhealthy: ${problem}\n`);
  return problem === undefined ? 0 : 1;
}

main().then((code) => process.exit(code));
