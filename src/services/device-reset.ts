import type { DeviceOutcome, MfaDevice } from '../domain/devices.js';
import { ResetError, toResetError } from '../domain/errors.js';
import type { TemporaryCredentials } from './ports.js';
import type { ServiceDeps } from './service-deps.js';

/** Gets MFA-backed credentials with the approver's code; called at most once per approval. */
export type StepUp = () => Promise<TemporaryCredentials>;

export interface ExecutionResult {
  readonly outcomes: readonly DeviceOutcome[];
  /** Whether AWS was called with MFA-backed credentials. */
  readonly steppedUp: boolean;
}

/**
 * As done by hand (docs/operations.md): deactivate each device (always naming the user), then delete virtual ones. With
 * `credentials` every call uses them; without (`stepUp: when-required`) the bot's own credentials
 * are tried first and `stepUp` is called once, on the first "MFA required" denial. A rejected code
 * at that point is thrown only if nothing has been changed yet, so the request can stay open.
 */
export async function resetDevices(
  deps: Pick<ServiceDeps, 'iam' | 'rules' | 'logger'>,
  input: {
    userName: string;
    devices: readonly MfaDevice[];
    credentials?: TemporaryCredentials;
    stepUp?: StepUp;
  },
): Promise<ExecutionResult> {
  let credentials = input.credentials;
  let steppedUp = credentials !== undefined;
  const outcomes: DeviceOutcome[] = [];

  async function withStepUp(call: (creds?: TemporaryCredentials) => Promise<void>): Promise<void> {
    try {
      await call(credentials);
    } catch (error) {
      if (
        credentials !== undefined ||
        input.stepUp === undefined ||
        toResetError(error).code !== 'AWS_MFA_REQUIRED'
      ) {
        throw error;
      }
      credentials = await input.stepUp();
      steppedUp = true;
      await call(credentials);
    }
  }

  try {
    for (const device of input.devices) {
      await resetOne(device);
    }
  } finally {
    if (credentials !== undefined) deps.iam.releaseCredentials(credentials);
  }
  return { outcomes, steppedUp };

  async function resetOne(device: MfaDevice): Promise<void> {
    let deactivated = false;
    let deleted = false;
    try {
      try {
        await withStepUp((creds) =>
          deps.iam.deactivateMfaDevice({
            userName: input.userName,
            serial: device.serial,
            ...(creds ? { credentials: creds } : {}),
          }),
        );
      } catch (error) {
        // Already gone from the user: the goal for this device is met.
        if (toResetError(error).code !== 'AWS_DEVICE_NOT_FOUND') throw error;
      }
      deactivated = true;
      if (device.kind === 'virtual' && deps.rules.deleteVirtualDevices) {
        try {
          await withStepUp((creds) =>
            deps.iam.deleteVirtualMfaDevice({
              serial: device.serial,
              ...(creds ? { credentials: creds } : {}),
            }),
          );
        } catch (error) {
          // Already deleted: likewise.
          if (toResetError(error).code !== 'AWS_DEVICE_NOT_FOUND') throw error;
        }
        deleted = true;
      }
      outcomes.push({ serial: device.serial, kind: device.kind, deactivated, deleted });
    } catch (error) {
      const coded = toResetError(error);
      const nothingChanged = !deactivated && outcomes.every((o) => !o.deactivated);
      if (coded.code === 'TOKEN_CODE_REJECTED' && nothingChanged) throw coded;
      deps.logger.warn({ serial: device.serial, code: coded.code }, 'device reset failed');
      outcomes.push({
        serial: device.serial,
        kind: device.kind,
        deactivated,
        deleted,
        errorCode: coded.code,
      });
    }
  }
}

export function isTokenRejection(error: unknown): error is ResetError {
  return error instanceof ResetError && error.code === 'TOKEN_CODE_REJECTED';
}
