/**
 * A local IAM/STS emulator: the real AWS SDK clients talk to it over HTTP in the AWS Query protocol,
 * as the bot talks to AWS. The tests, the benchmark and the sandbox use it. See server.ts for the
 * entry point and state.ts for what a caller can arrange and inspect. Besides the home account
 * (`emulator.state`, `emulator.cloudTrail`) it holds member accounts (`emulator.addAccount(id)`),
 * each with its roles (roles.ts: `state.roles.add`, assumed through STS AssumeRole, see
 * assume-role.ts) and service control policy (`state.scp.deny('iam:Action')`).
 */
export type { EmulatedAccount } from './accounts.js';
export { AwsError, awsErrors, MFA_REQUIRED_SENTENCE } from './aws-errors.js';
export type { EmulatorClock } from './clock.js';
export { CLOUDTRAIL_TARGET_PREFIX } from './cloudtrail-api.js';
export { CloudTrailLog, type CloudTrailRecord } from './cloudtrail-log.js';
export { useEmulatorEnvironment } from './env.js';
export type { EmulatedAction, FaultTarget, UnavailableMode } from './faults.js';
export { FaultInjector } from './faults.js';
export type { AccessKeyPair, BotUser, EmulatedDeviceKind, EmulatedUser, RecordedCall } from './model.js';
export { type Decision, evaluatePolicies } from './policy-evaluation.js';
export {
  AccountRoles,
  type EmulatedRole,
  type EmulatedRoleSession,
  type RoleSessionCredentials,
  ServiceControlPolicy,
} from './roles.js';
export { type RetentionMode, S3Buckets, type S3ObjectVersion } from './s3-buckets.js';
export type { IamStsEmulator, IamStsEmulatorOptions } from './server.js';
export { startIamStsEmulator } from './server.js';
export { type AccessKeyStatus, EmulatorState, REDACTED } from './state.js';
export { codeFor, currentCode, newSeed, nextCode, STEP_SECONDS } from './totp.js';
export { type EmulatedGroup, UserAccess } from './user-access.js';
