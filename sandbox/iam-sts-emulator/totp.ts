import { authenticator } from 'otplib';

/**
 * TOTP as virtual MFA devices use it (RFC 6238: SHA-1, 6 digits, 30 s steps, base32 seeds),
 * through otplib. AWS accepts a code only once per device, so a test that needs two valid codes
 * within one 30 s step takes the second from the neighbouring step: `codeFor(seed, 1)`.
 */
export const STEP_SECONDS = 30;

/** A new base32 seed, as IAM's CreateVirtualMFADevice returns in `Base32StringSeed`. */
export function newSeed(): string {
  return authenticator.generateSecret(20);
}

/** The code a device with `seed` shows `offsetSteps` steps away from `atMs` (default: now). */
export function codeFor(seed: string, offsetSteps = 0, atMs: number = Date.now()): string {
  return authenticator.clone({ epoch: atMs + offsetSteps * STEP_SECONDS * 1000 }).generate(seed);
}

export function currentCode(seed: string, atMs: number = Date.now()): string {
  return codeFor(seed, 0, atMs);
}

export function nextCode(seed: string, atMs: number = Date.now()): string {
  return codeFor(seed, 1, atMs);
}

/** The absolute step number at `atMs`: what single-use bookkeeping is keyed by. */
export function stepAt(atMs: number): number {
  return Math.floor(atMs / (STEP_SECONDS * 1000));
}

/**
 * The absolute step whose code `code` is, looking `windowSteps` steps either side of `atMs`,
 * or undefined when it matches none.
 */
export function matchingStep(input: {
  code: string;
  seed: string;
  atMs: number;
  windowSteps: number;
}): number | undefined {
  const delta = authenticator
    .clone({ epoch: input.atMs, window: input.windowSteps })
    .checkDelta(input.code, input.seed);
  return delta === null ? undefined : stepAt(input.atMs) + delta;
}
