import { expect } from 'vitest';
import {
  type BotUser,
  codeFor,
  type IamStsEmulator,
  type IamStsEmulatorOptions,
  startIamStsEmulator,
  useEmulatorEnvironment,
} from '../../../sandbox/iam-sts-emulator/index.js';
import { type AwsAdapterOptions, type AwsAdapters, createAwsAdapters } from '../../../src/aws/index.js';
import type { ErrorCode, ResetError } from '../../../src/domain/errors.js';
import { isResetError } from '../../../src/domain/errors.js';

/**
 * The real AWS adapters, configured the way production configures them (AWS_REGION, the standard
 * endpoint variables and credential chain), talking to a fresh IAM/STS emulator.
 */
export interface AwsFixture {
  readonly emulator: IamStsEmulator;
  readonly bot: BotUser;
  readonly aws: AwsAdapters;
  close(): Promise<void>;
}

export async function startAwsFixture(
  options: IamStsEmulatorOptions & {
    approvers?: readonly string[];
    requestTimeoutMs?: number;
    tagIndex?: AwsAdapterOptions['tagIndex'];
    riskFactsBudgetMs?: number;
  } = {},
): Promise<AwsFixture> {
  const emulator = await startIamStsEmulator(options);
  const bot = emulator.state.addBotUser({ approvers: options.approvers ?? ['U0APPROVER'] });
  const restoreEnvironment = useEmulatorEnvironment({ url: emulator.url, credentials: bot });
  const aws = createAwsAdapters({
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.tagIndex === undefined ? {} : { tagIndex: options.tagIndex }),
    ...(options.riskFactsBudgetMs === undefined ? {} : { riskFactsBudgetMs: options.riskFactsBudgetMs }),
  });
  return {
    emulator,
    bot,
    aws,
    close: async () => {
      aws.destroy();
      restoreEnvironment();
      await emulator.close();
    },
  };
}

/** Awaits a promise expected to fail with a ResetError of `code`, and returns that error. */
export async function expectResetError(promise: Promise<unknown>, code: ErrorCode): Promise<ResetError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(isResetError(error), `expected a ResetError ${code}, got ${String(error)}`).toBe(true);
  expect((error as ResetError).code).toBe(code);
  return error as ResetError;
}

/** A six-digit code that is none of the codes the device shows one step either side of now. */
export function wrongCode(seed: string, atMs = Date.now()): string {
  const valid = new Set([-1, 0, 1].map((offset) => codeFor(seed, offset, atMs)));
  // Digits unlike the account id and serials, so a test can check the code appears nowhere.
  let candidate = 987650;
  while (valid.has(String(candidate).padStart(6, '0'))) candidate += 1;
  return String(candidate).padStart(6, '0');
}
