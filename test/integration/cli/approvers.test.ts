import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { castConfigYaml } from '../../../sandbox/cast.js';
import {
  type AccessKeyPair,
  type BotUser,
  type IamStsEmulator,
  startIamStsEmulator,
} from '../../../sandbox/iam-sts-emulator/index.js';

const mainScript = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
const BOT = 'mfa-reset-bot';

/** `mfa-reset-bot approvers …` as a real process, with an operator's own key for the emulator. */
class CliProcess {
  stdout = '';
  stderr = '';
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number>;

  constructor(argv: readonly string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', '--no-warnings', mainScript, ...argv], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    this.child.stdout.on('data', (chunk) => {
      this.stdout += String(chunk);
    });
    this.child.stderr.on('data', (chunk) => {
      this.stderr += String(chunk);
    });
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code ?? -1)));
  }

  async prompted(text: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!this.stdout.includes(text)) {
      if (Date.now() > deadline)
        throw new Error(`no prompt "${text}"; stdout: ${this.stdout} stderr: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  answer(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }
}

describe('mfa-reset-bot approvers (against the IAM emulator, as real processes)', () => {
  let aws: IamStsEmulator;
  let botUser: BotUser;
  let operator: AccessKeyPair;
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    // The operator's session: no MFA condition (that is the bot's policy).
    aws = await startIamStsEmulator({ deactivateRequiresMfa: false });
    botUser = aws.state.addBotUser({ approvers: ['U0ERIN', 'U0FRANK'] });
    aws.state.addUser({ userName: 'operator' });
    operator = aws.state.addAccessKey('operator');
    dir = await mkdtemp(join(tmpdir(), 'approvers-cli-'));
    env = {
      AWS_ENDPOINT_URL_IAM: aws.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: operator.accessKeyId,
      AWS_SECRET_ACCESS_KEY: operator.secretAccessKey,
      HOME: dir,
    };
  });

  afterEach(async () => {
    await aws?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function enrol(extra: readonly string[] = []) {
    const cli = new CliProcess(
      ['approvers', 'enrol', '--member', 'U0ALICE', '--name', 'alice', ...extra],
      env,
    );
    await cli.prompted('Code shown now: ');
    const serial = `arn:aws:iam::123456789012:mfa/${BOT}-alice`;
    const seed = aws.state.device(serial)?.seed ?? '';
    return { cli, serial, seed };
  }

  it('enrols a device: QR code once, the seed on request, two consecutive codes, the config line to add', async () => {
    const { cli, serial, seed } = await enrol(['--show-secret']);
    expect(cli.stdout).toMatch(/[█▀▄]{10}/);
    expect(cli.stdout).toContain(`Secret (base32), for an app that cannot scan: ${seed}`);
    cli.answer(aws.codeFor(seed, 0));
    await cli.prompted('Next code');
    cli.answer(aws.codeFor(seed, 1));

    expect(await cli.exited).toBe(0);
    expect(aws.state.devicesOf(BOT).map((d) => d.serial)).toContain(serial);
    expect(cli.stdout).toContain(`    U0ALICE: ${serial}\n`);
    const enable = aws.state.callsTo('EnableMFADevice')[0]!;
    expect(enable.params).toMatchObject({ UserName: BOT, AuthenticationCode1: '[redacted]' });
    expect(enable.accessKeyId).toBe(operator.accessKeyId);
    // Nothing of the seed was left on disk (the process' HOME and working files).
    expect(await readdir(dir)).toEqual([]);
  }, 60_000);

  it('shows no seed without --show-secret, refuses codes that are not consecutive, and deletes the new device', async () => {
    const { cli, serial, seed } = await enrol();
    expect(cli.stdout).not.toContain(seed);
    cli.answer(aws.codeFor(seed, 0));
    await cli.prompted('Next code');
    cli.answer(aws.codeFor(seed, 3));

    expect(await cli.exited).toBe(5);
    expect(cli.stderr).toContain('TOKEN_CODE_REJECTED');
    expect(aws.state.virtualDeviceExists(serial)).toBe(false);
    expect(aws.state.devicesOf(BOT)).toHaveLength(2);
    expect(cli.stdout + cli.stderr).not.toContain(seed);
  }, 60_000);

  it('refuses a name already taken (EntityAlreadyExists) and a ninth device (LimitExceeded)', async () => {
    aws.state.addVirtualDevice({ userName: BOT, name: `${BOT}-alice` });
    const taken = new CliProcess(['approvers', 'enrol', '--member', 'U0ALICE', '--name', 'alice'], env);
    expect(await taken.exited).toBe(5);
    expect(taken.stderr).toContain('MFA_DEVICE_NAME_TAKEN');

    for (let i = aws.state.devicesOf(BOT).length; i < 8; i += 1) {
      aws.state.addVirtualDevice({ userName: BOT, name: `${BOT}-extra${i}` });
    }
    const cli = new CliProcess(['approvers', 'enrol', '--member', 'U0BOB', '--name', 'bob'], env);
    await cli.prompted('Code shown now: ');
    const serial = `arn:aws:iam::123456789012:mfa/${BOT}-bob`;
    const seed = aws.state.device(serial)?.seed ?? '';
    cli.answer(aws.codeFor(seed, 0));
    await cli.prompted('Next code');
    cli.answer(aws.codeFor(seed, 1));
    expect(await cli.exited).toBe(5);
    expect(cli.stderr).toContain('MFA_DEVICE_LIMIT');
    expect(aws.state.virtualDeviceExists(serial)).toBe(false);
    expect(aws.state.devicesOf(BOT)).toHaveLength(8);
  }, 60_000);

  it('checks the configuration against the bot user, and revokes a device named by it', async () => {
    const config = join(dir, 'bot.yml');
    await writeFile(config, castConfigYaml({ botUser, table: 'mfa-reset-audit' }));
    const withConfig = { ...env, MFA_RESET_CONFIG: config };
    const [erinDevice, frankDevice] = botUser.devices;

    const first = new CliProcess(['approvers', 'check'], withConfig);
    expect(await first.exited).toBe(0);
    expect(first.stdout).toContain(`ok      U0ERIN: ${erinDevice!.serial}`);

    const revoke = new CliProcess(['approvers', 'revoke', '--member', 'U0FRANK'], withConfig);
    expect(await revoke.exited).toBe(0);
    expect(revoke.stdout).toMatch(/deactivated on mfa-reset-bot; deleted/);
    expect(aws.state.virtualDeviceExists(frankDevice!.serial)).toBe(false);

    const second = new CliProcess(['approvers', 'check'], withConfig);
    expect(await second.exited).toBe(1);
    expect(second.stdout).toContain(`MISSING U0FRANK: ${frankDevice!.serial}`);
  }, 60_000);
});
