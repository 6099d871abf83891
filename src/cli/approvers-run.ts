import { readFile } from 'node:fs/promises';
import { type ApproverDevicesAdapter, createApproverDevices } from '../aws/approver-devices.js';
import type { ConfigFile } from '../config/config-file-schema.js';
import { parseConfigFile } from '../config/load.js';
import { describeError, isResetError } from '../domain/errors.js';
import type { ApproverCommand } from './approver-arguments.js';
import { runApproverCommand } from './approvers-command.js';
import type { ParsedCommand } from './arguments.js';
import { type TextOutput, write } from './output.js';
import { exitCodes, PROGRAM } from './usage.js';

/** What `approvers …` needs of the command line's options. */
export interface ApproversRunOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  readonly readFile?: (path: string) => Promise<string>;
  /** Where `approvers enrol` reads the two codes (process.stdin). */
  readonly stdin?: NodeJS.ReadableStream;
  /** The operator's IAM client for `approvers …`; by default from the SDK's standard configuration. */
  readonly openApproverDevices?: () => ApproverDevicesAdapter;
}

export function isApproverCommand(command: ParsedCommand): command is ApproverCommand {
  return command.kind.startsWith('approvers ');
}

/** `approvers …`: IAM with the operator's own session, the bot's configuration when it is named. */
export async function runApprovers(command: ApproverCommand, options: ApproversRunOptions): Promise<number> {
  const path = options.env.MFA_RESET_CONFIG;
  const configFile: ConfigFile | undefined =
    path === undefined || path === ''
      ? undefined
      : parseConfigFile(await (options.readFile ?? ((p) => readFile(p, 'utf8')))(path), path);
  const region = options.env.AWS_REGION ?? options.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const devices = (options.openApproverDevices ?? (() => createApproverDevices({ region })))();
  try {
    return await runApproverCommand(command, {
      stdout: options.stdout,
      stdin: () => options.stdin ?? process.stdin,
      devices,
      ...(configFile === undefined ? {} : { configFile }),
    });
  } catch (error) {
    if (!isResetError(error) || error.code === 'CONFIG_INVALID' || error.code === 'INPUT_INVALID')
      throw error;
    const { what, next } = describeError(error.code, error.details);
    await write(
      options.stderr,
      `${PROGRAM}: ${error.code}: ${error.message}\n${what} ${next}\n` +
        (error.code.startsWith('AWS_')
          ? 'Check your own AWS credentials (not the bot’s), AWS_REGION and AWS_ENDPOINT_URL_IAM.\n'
          : ''),
    );
    return exitCodes.iamFailed;
  } finally {
    devices.destroy();
  }
}
