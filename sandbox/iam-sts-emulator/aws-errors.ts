/**
 * Errors the emulator answers with, worded as AWS words them. Where the text was confirmed from
 * AWS output quoted in public sources, the comment says so; the rest follow AWS's usual phrasing.
 */
export class AwsError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: 'Sender' | 'Receiver';

  constructor(input: { status: number; code: string; message: string; type?: 'Sender' | 'Receiver' }) {
    super(input.message);
    this.status = input.status;
    this.code = input.code;
    this.type = input.type ?? (input.status >= 500 ? 'Receiver' : 'Sender');
  }
}

/** What IAM answers (AccessDenied) to a change that needs an MFA-authenticated session. */
export const MFA_REQUIRED_SENTENCE =
  'To complete this action, please ensure that you are authenticated with an MFA device that is enabled for this user.';

export const awsErrors = {
  /** Confirmed: AWS CLI output for an unknown access key. */
  invalidClientTokenId: () =>
    new AwsError({
      status: 403,
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    }),
  /** Confirmed: AWS output for session credentials past their expiry. */
  expiredToken: () =>
    new AwsError({
      status: 403,
      code: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    }),
  missingAuthenticationToken: () =>
    new AwsError({
      status: 403,
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
    }),
  /** Confirmed, trailing space included: STS's answer to a wrong (or already used) TOTP code. */
  invalidMfaCode: () =>
    new AwsError({
      status: 403,
      code: 'AccessDenied',
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    }),
  /** Confirmed: STS's answer when the serial is not an MFA device of the calling user. */
  unknownMfaSerial: () =>
    new AwsError({
      status: 403,
      code: 'AccessDenied',
      message:
        'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
    }),
  serialWithoutCode: () =>
    new AwsError({
      status: 403,
      code: 'AccessDenied',
      message:
        'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
    }),
  /** Confirmed: STS refuses GetSessionToken from session credentials. */
  getSessionTokenFromSession: () =>
    new AwsError({
      status: 403,
      code: 'AccessDenied',
      message: 'Cannot call GetSessionToken with session credentials',
    }),
  /**
   * IAM's explicit-deny wording (confirmed: "… is not authorized to perform: iam:ListMFADevices on
   * resource: user NAME with an explicit deny in an identity-based policy"), followed by the
   * sentence asking to be authenticated with an MFA device, so that the bot can tell why it was
   * denied (docs/operations.md, "Resetting MFA by hand", step 2).
   */
  mfaRequired: (input: { callerArn: string; action: string; resource: string }) =>
    new AwsError({
      status: 403,
      code: 'AccessDenied',
      message:
        `User: ${input.callerArn} is not authorized to perform: iam:${input.action} on resource: ` +
        `${input.resource} with an explicit deny in an identity-based policy. ${MFA_REQUIRED_SENTENCE}`,
    }),
  /** Confirmed: IAM's wording for a user that does not exist. */
  noSuchUser: (userName: string) =>
    new AwsError({
      status: 404,
      code: 'NoSuchEntity',
      message: `The user with name ${userName} cannot be found.`,
    }),
  /** IAM's wording when the caller's policies allow no read of the resource (implicit deny). */
  notAuthorized: (input: { callerArn: string; action: string; resource: string }) =>
    new AwsError({
      status: 403,
      code: 'AccessDenied',
      message:
        `User: ${input.callerArn} is not authorized to perform: iam:${input.action} on resource: ` +
        `${input.resource} because no identity-based policy allows the iam:${input.action} action`,
    }),
  /**
   * IAM's refusal of a role session's (or any principal's) request by policy: `action` as
   * `service:Action`; `by` says whether a policy explicitly denied it, and which kind.
   */
  policyDenied: (input: {
    callerArn: string;
    action: string;
    resource: string;
    by: 'no allow' | 'identity-based policy' | 'service control policy';
  }) =>
    new AwsError({
      status: 403,
      code: 'AccessDenied',
      message:
        `User: ${input.callerArn} is not authorized to perform: ${input.action} on resource: ${input.resource} ` +
        (input.by === 'no allow'
          ? `because no identity-based policy allows the ${input.action} action`
          : `with an explicit deny in ${input.by === 'service control policy' ? 'a' : 'an'} ${input.by}`),
    }),
  /**
   * STS's refusal of AssumeRole, whatever the reason (no such role, a trust that does not name the
   * caller, a wrong or missing external ID, MFA required): AWS does not say which.
   */
  assumeRoleDenied: (input: { callerArn: string; roleArn: string }) =>
    new AwsError({
      status: 403,
      code: 'AccessDenied',
      message: `User: ${input.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${input.roleArn}`,
    }),
  /** GetLoginProfile for a user without a console password. */
  noSuchLoginProfile: (userName: string) =>
    new AwsError({
      status: 404,
      code: 'NoSuchEntity',
      message: `Login Profile for User ${userName} cannot be found.`,
    }),
  noSuchGroup: (groupName: string) =>
    new AwsError({
      status: 404,
      code: 'NoSuchEntity',
      message: `The group with name ${groupName} cannot be found.`,
    }),
  /** GetUserPolicy / GetGroupPolicy for an inline policy the user or group does not have. */
  noSuchInlinePolicy: (owner: 'user' | 'group', policyName: string) =>
    new AwsError({
      status: 404,
      code: 'NoSuchEntity',
      message: `The ${owner} policy with name ${policyName} cannot be found.`,
    }),
  noSuchDevice: (serial: string) =>
    new AwsError({
      status: 404,
      code: 'NoSuchEntity',
      message: `MFA device with serial number ${serial} is not assigned to the user.`,
    }),
  noSuchVirtualDevice: (serial: string) =>
    new AwsError({
      status: 404,
      code: 'NoSuchEntity',
      message: `VirtualMFADevice with serial number ${serial} does not exist.`,
    }),
  /** CreateVirtualMFADevice with a name (and path) that exists; IAM's wording. */
  deviceNameTaken: () =>
    new AwsError({
      status: 409,
      code: 'EntityAlreadyExists',
      message: 'MFADevice entity at the same path and name already exists.',
    }),
  /** EnableMFADevice for a device already assigned to a user. */
  deviceAlreadyEnabled: () =>
    new AwsError({ status: 409, code: 'EntityAlreadyExists', message: 'MFA Device is already in use.' }),
  /** IAM's quota of MFA devices per user (8), hit by EnableMFADevice. */
  tooManyDevices: () =>
    new AwsError({
      status: 409,
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for MFADevicesPerUser: 8',
    }),
  /** EnableMFADevice with codes that are not two consecutive codes of the device. */
  invalidAuthenticationCode: () =>
    new AwsError({
      status: 403,
      code: 'InvalidAuthenticationCode',
      message: 'Authentication code for device is not valid.',
    }),
  deviceStillInUse: () =>
    new AwsError({ status: 409, code: 'DeleteConflict', message: 'MFA device is still in use.' }),
  /** Confirmed: the code and text IAM and STS answer with when a caller exceeds the request rate. */
  throttling: () => new AwsError({ status: 400, code: 'Throttling', message: 'Rate exceeded' }),
  serviceUnavailable: () =>
    new AwsError({
      status: 503,
      code: 'ServiceUnavailable',
      message: 'Service is unable to handle request.',
    }),
  invalidAction: (action: string, version: string) =>
    new AwsError({
      status: 400,
      code: 'InvalidAction',
      message: `Could not find operation ${action} for version ${version}`,
    }),
  validation: (message: string) => new AwsError({ status: 400, code: 'ValidationError', message }),
} as const;
