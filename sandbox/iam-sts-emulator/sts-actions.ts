import { assumeRole } from './assume-role.js';
import { awsErrors } from './aws-errors.js';
import type { ActionHandler } from './iam-actions.js';
import { newIds } from './ids.js';
import { matchingStep } from './totp.js';

/**
 * STS as the bot uses it. GetSessionToken checks the code the way AWS does: against the seed of
 * the calling user's own device, one 30 s step either side of now, each code once per device.
 */
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 129_600;
const DEFAULT_DURATION_SECONDS = 43_200;

function durationSeconds(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_DURATION_SECONDS;
  const value = Number(raw);
  const bound =
    value < MIN_DURATION_SECONDS
      ? `greater than or equal to ${MIN_DURATION_SECONDS}`
      : value > MAX_DURATION_SECONDS
        ? `less than or equal to ${MAX_DURATION_SECONDS}`
        : undefined;
  if (bound !== undefined) {
    throw awsErrors.validation(
      `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: ` +
        `Member must have value ${bound}`,
    );
  }
  return value;
}

/** Checks serial and code; returns the serial that proved MFA, or undefined when none was given. */
function verifyMfa(context: Parameters<ActionHandler>[0]): string | undefined {
  const { params, caller, state } = context;
  const serial = params.SerialNumber;
  const code = params.TokenCode;
  if (serial === undefined && code === undefined) return undefined;
  if (serial === undefined || code === undefined) throw awsErrors.serialWithoutCode();
  if (!/^\d{6}$/.test(code)) {
    // Never echo the code back, not even in an error.
    throw awsErrors.validation(
      "1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\d]* and have length 6',
    );
  }
  const device = state.device(serial);
  if (device?.seed === undefined || device.assignedTo !== caller.user?.userName) {
    throw awsErrors.unknownMfaSerial();
  }
  // A test option (never the default): this device takes any well-formed code, for bursts.
  if (state.acceptAnyCode.has(serial)) return serial;
  const step = matchingStep({ code, seed: device.seed, atMs: state.clock.now(), windowSteps: 1 });
  // AWS answers a reused code exactly like a wrong one.
  if (step === undefined || !state.useStep(serial, step)) throw awsErrors.invalidMfaCode();
  return serial;
}

const getSessionToken: ActionHandler = (context) => {
  const { params, caller, state } = context;
  // Temporary credentials, from GetSessionToken or AssumeRole, cannot get a session token.
  const user = caller.user;
  if (user === undefined || caller.session !== undefined) throw awsErrors.getSessionTokenFromSession();
  const duration = durationSeconds(params.DurationSeconds);
  const mfaSerial = verifyMfa(context);
  const session = {
    userName: user.userName,
    accessKeyId: newIds.sessionAccessKeyId(),
    secretAccessKey: newIds.secretAccessKey(),
    sessionToken: newIds.sessionToken(),
    expiresAt: new Date(state.clock.now() + duration * 1000),
    ...(mfaSerial === undefined ? {} : { mfaSerial }),
  };
  state.addSession(session);
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: session.expiresAt,
    },
  };
};

const getCallerIdentity: ActionHandler = ({ caller, state }) => ({
  UserId: caller.user?.userId ?? caller.roleSession?.assumedRoleId,
  Account: state.accountId,
  Arn: caller.arn,
});

export const stsActions: Readonly<Record<string, ActionHandler>> = {
  GetSessionToken: getSessionToken,
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
};
