import type { Accounts } from './accounts.js';
import { type Caller, callerUserName } from './auth.js';
import { awsErrors } from './aws-errors.js';
import { mfaDeviceActions } from './mfa-device-actions.js';
import type { EmulatedUser } from './model.js';
import { paginate } from './pagination.js';
import type { EmulatorState } from './state.js';
import { userAccessActions } from './user-access-actions.js';
import type { XmlObject } from './xml.js';

/**
 * The IAM actions the bot uses. Each returns the content of `<ActionResult>` (undefined for
 * actions whose response has none) or throws an `AwsError`. As in IAM, authorization is decided
 * before existence: a caller without MFA is denied even for a user that does not exist.
 */
export interface ActionContext {
  readonly params: Readonly<Record<string, string>>;
  readonly caller: Caller;
  /** The account the caller acts in (`caller.state`). */
  readonly state: EmulatorState;
  /** Every account of the emulator (AssumeRole reaches the role's). */
  readonly accounts: Accounts;
}

export type ActionHandler = (context: ActionContext) => XmlObject | undefined;

function userXml(user: EmulatedUser, withTags: boolean, passwordLastUsed?: Date): XmlObject {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: user.createDate,
    // Absent when the password never signed in (GetUser and ListUsers both return it).
    PasswordLastUsed: passwordLastUsed,
    // GetUser returns tags; the List* operations never do (ListUserTags is for that).
    Tags: withTags && user.tags.length > 0 ? user.tags.map((tag) => ({ ...tag })) : undefined,
  };
}

function requireUser(state: EmulatorState, userName: string): EmulatedUser {
  const user = state.user(userName);
  if (user === undefined) throw awsErrors.noSuchUser(userName);
  return user;
}

/**
 * The bot's identity policy on its IAM user: changing MFA devices needs `aws:MultiFactorAuthPresent`.
 * A role session's own policies decide for it instead (role-authorization.ts).
 */
function assertMfaPolicy(context: ActionContext, action: string, resource: string): void {
  const { state, caller } = context;
  if (!state.deactivateRequiresMfa || caller.mfaAuthenticated || caller.roleSession !== undefined) return;
  throw awsErrors.mfaRequired({ callerArn: caller.arn, action, resource });
}

const getUser: ActionHandler = ({ params, caller, state }) => {
  const userName = params.UserName ?? callerUserName(caller);
  if (state.access.isDenied('GetUser')) {
    throw awsErrors.notAuthorized({
      callerArn: caller.arn,
      action: 'GetUser',
      resource: `user ${userName}`,
    });
  }
  const user = requireUser(state, userName);
  return { User: userXml(user, true, state.access.passwordLastUsed(user.userName)) };
};

const listUsers: ActionHandler = ({ params, state }) => {
  const page = paginate(state.allUsers(), {
    marker: params.Marker,
    maxItems: params.MaxItems,
    pageSize: state.pageSize,
  });
  return {
    Users: page.items.map((user) => userXml(user, false, state.access.passwordLastUsed(user.userName))),
    IsTruncated: page.isTruncated,
    Marker: page.marker,
  };
};

const listUserTags: ActionHandler = ({ params, state }) => {
  const user = requireUser(state, params.UserName ?? '');
  const page = paginate(user.tags, {
    marker: params.Marker,
    maxItems: params.MaxItems,
    pageSize: state.pageSize,
  });
  return { Tags: page.items.map((tag) => ({ ...tag })), IsTruncated: page.isTruncated, Marker: page.marker };
};

const listMfaDevices: ActionHandler = ({ params, caller, state }) => {
  const user = requireUser(state, params.UserName ?? callerUserName(caller));
  const page = paginate(state.devicesOf(user.userName), {
    marker: params.Marker,
    maxItems: params.MaxItems,
    pageSize: state.pageSize,
  });
  return {
    MFADevices: page.items.map((device) => ({
      UserName: user.userName,
      SerialNumber: device.serial,
      EnableDate: device.enableDate,
    })),
    IsTruncated: page.isTruncated,
    Marker: page.marker,
  };
};

const assignmentStatuses = ['Assigned', 'Unassigned', 'Any'] as const;

/** The account's virtual devices by AssignmentStatus (Any when not given); assigned ones name their user. */
const listVirtualMfaDevices: ActionHandler = ({ params, state }) => {
  const status = params.AssignmentStatus ?? 'Any';
  if (!(assignmentStatuses as readonly string[]).includes(status)) {
    throw awsErrors.validation(
      `1 validation error detected: Value '${status}' at 'assignmentStatus' failed to satisfy constraint: ` +
        'Member must satisfy enum value set: [Assigned, Unassigned, Any]',
    );
  }
  const devices = state
    .allVirtualDevices()
    .filter((device) => status === 'Any' || (status === 'Assigned') === (device.assignedTo !== undefined));
  const page = paginate(devices, {
    marker: params.Marker,
    maxItems: params.MaxItems,
    pageSize: state.pageSize,
  });
  return {
    VirtualMFADevices: page.items.map((device) => {
      const user = device.assignedTo === undefined ? undefined : state.user(device.assignedTo);
      return {
        SerialNumber: device.serial,
        User: user === undefined ? undefined : userXml(user, false),
        EnableDate: device.enableDate,
      };
    }),
    IsTruncated: page.isTruncated,
    Marker: page.marker,
  };
};

const deactivateMfaDevice: ActionHandler = (context) => {
  const { params, caller, state } = context;
  const userName = params.UserName ?? callerUserName(caller);
  const serial = params.SerialNumber ?? '';
  assertMfaPolicy(context, 'DeactivateMFADevice', `user ${userName}`);
  requireUser(state, userName);
  const device = state.device(serial);
  if (device === undefined || device.assignedTo !== userName) throw awsErrors.noSuchDevice(serial);
  if (device.kind === 'virtual') {
    // A virtual device stays in the account, unassigned, until DeleteVirtualMFADevice.
    device.assignedTo = undefined;
    device.enableDate = undefined;
  } else {
    state.deleteDevice(serial);
  }
  return undefined;
};

const deleteVirtualMfaDevice: ActionHandler = (context) => {
  const { params, state } = context;
  const serial = params.SerialNumber ?? '';
  assertMfaPolicy(context, 'DeleteVirtualMFADevice', serial);
  const device = state.device(serial);
  if (device === undefined || device.kind !== 'virtual') throw awsErrors.noSuchVirtualDevice(serial);
  if (device.assignedTo !== undefined) throw awsErrors.deviceStillInUse();
  state.deleteDevice(serial);
  return undefined;
};

export const iamActions: Readonly<Record<string, ActionHandler>> = {
  GetUser: getUser,
  ListUsers: listUsers,
  ListUserTags: listUserTags,
  ListMFADevices: listMfaDevices,
  ListVirtualMFADevices: listVirtualMfaDevices,
  DeactivateMFADevice: deactivateMfaDevice,
  DeleteVirtualMFADevice: deleteVirtualMfaDevice,
  ...mfaDeviceActions,
  ...userAccessActions,
};
