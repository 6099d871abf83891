import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from './dynamodb-local.js';
import type { PageServer } from './page-server/index.js';
import type { Sandbox } from './sandbox.js';

/**
 * `npm run sandbox`: the whole reset on this machine, with no Slack workspace and no AWS account.
 * Prints the page's address and how long start-up took; Ctrl-C (or SIGTERM, or the terminal
 * closing) stops everything it started, DynamoDB Local's Java process included. Killed outright, it
 * still leaves no Java behind: DynamoDB Local exits when its standard input closes.
 */
const DEFAULT_PORT = 3100;
const usage = `Usage: npm run sandbox [-- --port N]

Starts DynamoDB Local, an IAM/STS emulator, a Slack stand-in, the bot and a page that plays Slack,
all on 127.0.0.1. --port N serves the page on port N (default ${DEFAULT_PORT}, or any free port
when ${DEFAULT_PORT} is taken; 0 for any free port).`;

const write = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function portOption(): { port: number; chosen: boolean } | 'help' {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });
  if (values.help) return 'help';
  if (values.port === undefined) return { port: DEFAULT_PORT, chosen: false };
  const port = Number(values.port);
  if (!/^\d{1,5}$/.test(values.port) || port > 65_535)
    throw new Error(`--port ${values.port} is not a TCP port`);
  return { port, chosen: true };
}

async function openPage(sandbox: Sandbox, port: { port: number; chosen: boolean }): Promise<PageServer> {
  const { readAppManifest, startPageServer } = await import('./page-server/index.js');
  const manifest = await readAppManifest();
  try {
    return await startPageServer({ sandbox, manifest, port: port.port });
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!inUse) throw error;
    if (port.chosen) throw new Error(`port ${port.port} is in use: choose another with --port N`);
    return startPageServer({ sandbox, manifest, port: 0 });
  }
}

function banner(input: { page: PageServer; sandbox: Sandbox; readyMs: number }): void {
  const { page, sandbox } = input;
  const dynamo = sandbox.dynamoDbStartMs > 0 ? ` (DynamoDB Local: ${seconds(sandbox.dynamoDbStartMs)})` : '';
  write(`mfa-reset-bot sandbox: ready in ${seconds(input.readyMs)}${dynamo}.`);
  write('');
  write(`  Open ${page.url} in your browser.`);
  write('');
  write('  Everything runs on this machine and listens on 127.0.0.1 only: DynamoDB Local, an IAM/STS');
  write('  emulator, a Slack stand-in and the bot itself. Nothing leaves the machine: no Slack workspace');
  write('  or AWS account is used, whatever Slack or AWS settings your environment holds.');
  write('');
  write(`  Demo config file: ${sandbox.configFilePath}`);
  write(`  Bot log:          ${sandbox.botLog.path}`);
  write('  Ctrl-C stops everything.');
}

async function main(): Promise<void> {
  const port = portOption();
  if (port === 'help') return write(usage);
  let sandbox: Sandbox | undefined;
  let page: PageServer | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    write(`\n${signal}: stopping the sandbox…`);
    await page?.close();
    await sandbox?.stop();
    write('Stopped.');
    process.exit(0);
  };
  // Listening before anything starts: a Ctrl-C during start-up stops what has started so far.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
  write('Starting the mfa-reset-bot sandbox on this machine…');
  // The Java process starts first: it takes longest, and the bot's modules load meanwhile.
  const dynamoDb = startDynamoDbLocal({ loopbackOnly: true });
  dynamoDb.catch(() => undefined);
  const { startSandbox } = await import('./sandbox.js');
  sandbox = await startSandbox({ dynamoDb });
  if (stopping) return sandbox.stop();
  page = await openPage(sandbox, port).catch(async (error: unknown) => {
    await sandbox?.stop();
    throw error;
  });
  // performance.now() counts from this process's start: Node's own boot and loading included.
  banner({ page, sandbox, readyMs: performance.now() });
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`mfa-reset-bot sandbox: ${message}\n`);
  process.exit(1);
});
