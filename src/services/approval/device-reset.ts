import type { DeviceOutcome, MfaDevice } from '../../domain/devices.js';
import { toResetError } from '../../domain/errors.js';
import type { TemporaryCredentials } from '../ports.js';
import type { ServiceDeps } from '../service-deps.js';

/**
 * As done by hand (docs/operations.md): deactivate each device (always naming the user), then
 * delete virtual ones, every call with the session STS issued for the approver's code. The
 * credentials are released once the last device is done. A device's failure is its outcome; the
 * next device is still tried.
 */
export async function resetDevices(
  deps: Pick<ServiceDeps, 'iam' | 'rules' | 'logger'>,
  input: { userName: string; devices: readonly MfaDevice[]; credentials: TemporaryCredentials },
): Promise<readonly DeviceOutcome[]> {
  const { credentials } = input;
  const outcomes: DeviceOutcome[] = [];
  try {
    for (const device of input.devices) {
      outcomes.push(await resetOne(device));
    }
  } finally {
    deps.iam.releaseCredentials(credentials);
  }
  return outcomes;

  async function resetOne(device: MfaDevice): Promise<DeviceOutcome> {
    let deactivated = false;
    let deleted = false;
    try {
      try {
        await deps.iam.deactivateMfaDevice({ userName: input.userName, serial: device.serial, credentials });
      } catch (error) {
        // Already gone from the user: the goal for this device is met.
        if (toResetError(error).code !== 'AWS_DEVICE_NOT_FOUND') throw error;
      }
      deactivated = true;
      if (device.kind === 'virtual' && deps.rules.deleteVirtualDevices) {
        try {
          await deps.iam.deleteVirtualMfaDevice({ serial: device.serial, credentials });
        } catch (error) {
          // Already deleted: likewise.
          if (toResetError(error).code !== 'AWS_DEVICE_NOT_FOUND') throw error;
        }
        deleted = true;
      }
      return { serial: device.serial, kind: device.kind, deactivated, deleted };
    } catch (error) {
      const coded = toResetError(error);
      deps.logger.warn({ serial: device.serial, code: coded.code }, 'device reset failed');
      return { serial: device.serial, kind: device.kind, deactivated, deleted, errorCode: coded.code };
    }
  }
}
