/**
 * `npm run bench:profile` — where the bot's CPU goes on `/mfa-reset`. Runs the built bot under
 * `node --cpu-prof` against the benchmark's stand-ins (DynamoDB Local, the IAM/STS emulator, the
 * fake Slack API), sends warm-up commands and then the measured ones, stops the bot so that it
 * writes its profile, and prints the self time of the measured commands' samples per command, by
 * package (or project file) and by function. The profile stays in .cache/profiles for Chrome's
 * DevTools. Flags: --commands N (default 300), --no-build, --unbundled (runs tsc's output, one
 * module per file, so that time is told apart by package; the bundle's frames all read dist/main.js
 * or one of its chunks).
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startDynamoDbLocal } from '../sandbox/dynamodb-local.js';
import { commandToViewsOpen, driven, startCommandWorld } from './process-phase.js';
import { projectRoot, spawnApp } from './processes.js';
import { type CpuProfile, selfTimeOf } from './profile-report.js';

const args = process.argv.slice(2);
const commandsFlag = args.indexOf('--commands');
const COMMANDS = commandsFlag >= 0 ? Number(args[commandsFlag + 1]) : 300;
const WARMUP = 30;
const UNBUNDLED = '.cache/unbundled';
const log = (line: string) => process.stderr.write(`profile: ${line}\n`);

async function main(): Promise<void> {
  const unbundled = args.includes('--unbundled');
  if (unbundled) {
    log(`tsc into ${UNBUNDLED}`);
    await rm(join(projectRoot, UNBUNDLED), { recursive: true, force: true });
    await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', UNBUNDLED], {
      cwd: projectRoot,
    });
  } else if (!args.includes('--no-build')) {
    log('npm run build');
    await promisify(execFile)('npm', ['run', '-s', 'build'], { cwd: projectRoot });
  }
  const profileDir = join(projectRoot, '.cache', 'profiles');
  await mkdir(profileDir, { recursive: true });
  const dynamo = await startDynamoDbLocal({ loopbackOnly: true });
  const world = await startCommandWorld(dynamo.endpoint);
  const { slack } = world;
  try {
    const before = new Set(await readdir(profileDir));
    const spec = world.botSpec({
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
      ...(unbundled && { entry: join(UNBUNDLED, 'main.js') }),
    });
    const app = await spawnApp(spec);
    const bot = driven('bot', app, slack);
    for (let i = 0; i < WARMUP; i += 1) await commandToViewsOpen(slack, bot);
    // Profile timestamps are the monotonic clock in microseconds, which this process shares.
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const cpuBefore = app.cpuMs();
    for (let i = 0; i < COMMANDS; i += 1) await commandToViewsOpen(slack, bot);
    const toUs = Number(process.hrtime.bigint() / 1000n);
    const cpuPerCommand = (app.cpuMs() - cpuBefore) / COMMANDS;
    await app.stop();
    const written = (await readdir(profileDir)).filter((name) => !before.has(name));
    if (written.length !== 1)
      throw new Error(`expected one new profile in ${profileDir}, found ${written.length}`);
    const path = join(profileDir, written[0]!);
    const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
    const report = selfTimeOf(profile, { fromUs, toUs, projectRoot });
    const perCommand = (us: number) => (us / 1000 / COMMANDS).toFixed(3);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(
      `${COMMANDS} × /mfa-reset after ${WARMUP} warm-up; CPU per command from /proc: ${cpuPerCommand.toFixed(2)} ms`,
    );
    out(`sampled on the main thread: ${perCommand(report.totalUs)} ms per command (idle excluded)`);
    out('\nself time by package or project file (ms per command)');
    for (const [name, us] of report.byArea.slice(0, 20)) out(`  ${perCommand(us).padStart(7)}  ${name}`);
    out('\nself time by function (ms per command)');
    for (const [name, us] of report.byFunction.slice(0, 30)) out(`  ${perCommand(us).padStart(7)}  ${name}`);
    out(`\nprofile: ${path}`);
  } finally {
    await world.close();
    await dynamo.stop();
  }
}

main().then(
  () => setTimeout(() => process.exit(0), 1_000).unref(),
  (error: unknown) => {
    log(`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
