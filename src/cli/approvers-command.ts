import { createInterface } from 'node:readline';
import { renderUnicodeCompact } from 'uqr';
import * as z from 'zod';
import type { ApproverDevicesAdapter } from '../aws/approver-devices.js';
import type { ConfigFile } from '../config/config-file-schema.js';
import { ResetError } from '../domain/errors.js';
import type { ApproverCommand } from './approver-arguments.js';
import { DEFAULT_BOT_USER } from './config-names.js';
import { exitCodes } from './usage.js';

/** Where the command writes and reads; the same shapes run-cli.ts uses. */
export interface ApproverIo {
  readonly stdout: { write(chunk: string): unknown };
  /** Where the two codes are typed; asked for only when they are (it holds the process open). */
  readonly stdin: () => NodeJS.ReadableStream;
  readonly devices: ApproverDevicesAdapter;
  /** The bot's configuration, when MFA_RESET_CONFIG names it. */
  readonly configFile?: ConfigFile;
}

const code = z
  .string()
  .transform((typed) => typed.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/));

function botUserOf(command: ApproverCommand, configFile: ConfigFile | undefined): string {
  return command.botUser ?? configFile?.aws.botUserName ?? DEFAULT_BOT_USER;
}

/** The two codes, one line each, as the person types them at the prompts. */
async function readCodes(io: ApproverIo): Promise<[string, string]> {
  const reader = createInterface({ input: io.stdin(), terminal: false });
  const lines = reader[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string> => {
    io.stdout.write(prompt);
    const line = await lines.next();
    const parsed = code.safeParse(line.done === true ? '' : line.value);
    if (!parsed.success) {
      throw new ResetError('TOKEN_CODE_FORMAT', 'A code is the 6 digits the authenticator app shows.');
    }
    return parsed.data;
  };
  try {
    const first = await ask('Code shown now: ');
    const second = await ask('Next code (wait until the app shows a new one): ');
    return [first, second];
  } finally {
    reader.close();
  }
}

/** What an authenticator app scans: AWS's own issuer, the device's name as the account. */
function otpauthUri(name: string, seed: string): string {
  const issuer = encodeURIComponent('Amazon Web Services');
  return `otpauth://totp/${issuer}:${encodeURIComponent(name)}?secret=${seed}&issuer=${issuer}`;
}

async function enrol(command: Extract<ApproverCommand, { kind: 'approvers enrol' }>, io: ApproverIo) {
  const userName = botUserOf(command, io.configFile);
  const name = `${userName}-${command.name}`;
  const { serial, seed } = await io.devices.createVirtualDevice(name);
  try {
    io.stdout.write(
      `Created the virtual MFA device ${serial}.\n` +
        'The approver scans this QR code with their authenticator app now; it is shown only once:\n\n' +
        `${renderUnicodeCompact(otpauthUri(name, seed))}\n\n` +
        (command.showSecret ? `Secret (base32), for an app that cannot scan: ${seed}\n\n` : ''),
    );
    const codes = await readCodes(io);
    await io.devices.enableDevice({ userName, serial, codes });
  } catch (error) {
    // Nothing half-made is left: the device goes, so that the same name can be enrolled again.
    await io.devices.removeDevice({ userName, serial }).catch(() => undefined);
    throw error;
  }
  io.stdout.write(
    `\nEnabled ${serial} on IAM user ${userName}.\n` +
      `Add this line under approvers.mfaDevices in the bot's configuration, and restart the bot:\n` +
      `    ${command.member}: ${serial}\n` +
      `Make sure ${command.member} is in approvers.users or one of approvers.userGroups.\n`,
  );
  return exitCodes.ok;
}

async function revoke(command: Extract<ApproverCommand, { kind: 'approvers revoke' }>, io: ApproverIo) {
  const userName = botUserOf(command, io.configFile);
  const serial = command.serial ?? io.configFile?.approvers.mfaDevices[command.member];
  if (serial === undefined) {
    throw new ResetError(
      'CONFIG_INVALID',
      `No device for ${command.member}: approvers.mfaDevices in the configuration named by MFA_RESET_CONFIG has none. Pass --serial SERIAL.`,
    );
  }
  const { deactivated, deleted } = await io.devices.removeDevice({ userName, serial });
  const done = [
    deactivated ? `deactivated on ${userName}` : `was not on ${userName}`,
    deleted ? 'deleted' : 'not deleted (not a virtual device, or already gone)',
  ];
  io.stdout.write(
    `${serial}: ${done.join('; ')}.\n` +
      `Remove ${command.member} from approvers.users (or its user group) and the line ` +
      `"${command.member}: ${serial}" from approvers.mfaDevices, then restart the bot.\n`,
  );
  return exitCodes.ok;
}

async function check(command: Extract<ApproverCommand, { kind: 'approvers check' }>, io: ApproverIo) {
  const configFile = io.configFile;
  if (configFile === undefined) {
    throw new ResetError(
      'CONFIG_INVALID',
      'approvers check compares the configuration named by MFA_RESET_CONFIG; set it.',
    );
  }
  const userName = botUserOf(command, configFile);
  const onUser = new Set(await io.devices.devicesOf(userName));
  const configured: Array<[string, string]> = Object.entries(configFile.approvers.mfaDevices);
  if (configFile.aws.botMfaSerial !== undefined)
    configured.push(['(aws.botMfaSerial)', configFile.aws.botMfaSerial]);
  const missing = configured.filter(([, serial]) => !onUser.has(serial));
  for (const [member, serial] of configured) {
    io.stdout.write(`${onUser.has(serial) ? 'ok     ' : 'MISSING'} ${member}: ${serial}\n`);
  }
  const known = new Set(configured.map(([, serial]) => serial));
  for (const serial of onUser) {
    if (!known.has(serial)) io.stdout.write(`unused  ${serial} (on ${userName}, no approver has it)\n`);
  }
  io.stdout.write(
    missing.length === 0
      ? `Every configured device is on IAM user ${userName}.\n`
      : `${missing.length} configured device(s) are not on IAM user ${userName}: enrol them again (approvers enrol) or fix the configuration.\n`,
  );
  return missing.length === 0 ? exitCodes.ok : exitCodes.tampered;
}

/** Runs one `approvers …` command; AWS and input failures are thrown for run-cli to report. */
export function runApproverCommand(command: ApproverCommand, io: ApproverIo): Promise<number> {
  switch (command.kind) {
    case 'approvers enrol':
      return enrol(command, io);
    case 'approvers revoke':
      return revoke(command, io);
    case 'approvers check':
      return check(command, io);
  }
}
