import { type Caller, callerUserName } from './auth.js';
import { awsErrors } from './aws-errors.js';
import type { ActionContext, ActionHandler } from './iam-actions.js';
import type { EmulatedUser } from './model.js';
import { paginate } from './pagination.js';
import type { EmulatorState } from './state.js';
import type { EmulatedGroup } from './user-access.js';
import type { XmlObject } from './xml.js';

/**
 * IAM's reads of what gives a user access: GetLoginProfile, ListAccessKeys, ListGroupsForUser,
 * ListAttachedUserPolicies and ListAttachedGroupPolicies, ListUserPolicies and GetUserPolicy,
 * ListGroupPolicies and GetGroupPolicy. As in IAM: authorization first (a read `state.access`
 * denies is AccessDenied even for a user that does not exist), then NoSuchEntity (404) for a
 * missing user, group, login profile or inline policy; the List* actions page with
 * Marker/MaxItems/IsTruncated; policy documents come back URL-encoded (RFC 3986).
 */

function assertAllowed(caller: Caller, state: EmulatorState, action: string, resource: string): void {
  if (!state.access.isDenied(action)) return;
  throw awsErrors.notAuthorized({ callerArn: caller.arn, action, resource });
}

/** The user the read is about (UserName, else the caller), after the caller's right to read it. */
function userFor({ params, caller, state }: ActionContext, action: string): EmulatedUser {
  const userName = params.UserName ?? callerUserName(caller);
  assertAllowed(caller, state, action, `user ${userName}`);
  const user = state.user(userName);
  if (user === undefined) throw awsErrors.noSuchUser(userName);
  return user;
}

function groupFor({ params, caller, state }: ActionContext, action: string): EmulatedGroup {
  const groupName = params.GroupName;
  if (groupName === undefined || groupName === '') {
    throw awsErrors.validation(
      "1 validation error detected: Value null at 'groupName' failed to satisfy constraint: Member must not be null",
    );
  }
  assertAllowed(caller, state, action, `group ${groupName}`);
  const group = state.access.group(groupName);
  if (group === undefined) throw awsErrors.noSuchGroup(groupName);
  return group;
}

function page<T>(context: ActionContext, all: readonly T[]) {
  return paginate(all, {
    marker: context.params.Marker,
    maxItems: context.params.MaxItems,
    pageSize: context.state.pageSize,
  });
}

function policyName({ params }: ActionContext): string {
  const name = params.PolicyName;
  if (name === undefined || name === '') {
    throw awsErrors.validation(
      "1 validation error detected: Value null at 'policyName' failed to satisfy constraint: Member must not be null",
    );
  }
  return name;
}

/** RFC 3986 percent-encoding, as IAM returns policy documents. */
function encodeDocument(json: string): string {
  return encodeURIComponent(json).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const getLoginProfile: ActionHandler = (context) => {
  const user = userFor(context, 'GetLoginProfile');
  const profile = context.state.access.loginProfile(user.userName);
  if (profile === undefined) throw awsErrors.noSuchLoginProfile(user.userName);
  return {
    LoginProfile: {
      UserName: user.userName,
      CreateDate: profile.createDate,
      PasswordResetRequired: profile.passwordResetRequired,
    },
  };
};

const listAccessKeys: ActionHandler = (context) => {
  const user = userFor(context, 'ListAccessKeys');
  const keys = page(context, context.state.accessKeysOf(user.userName));
  return {
    AccessKeyMetadata: keys.items.map((key) => ({
      UserName: user.userName,
      AccessKeyId: key.accessKeyId,
      Status: key.status,
      CreateDate: key.createDate,
    })),
    IsTruncated: keys.isTruncated,
    Marker: keys.marker,
  };
};

const listGroupsForUser: ActionHandler = (context) => {
  const user = userFor(context, 'ListGroupsForUser');
  const groups = page(context, context.state.access.groupsOf(user.userName));
  return {
    Groups: groups.items.map((group) => ({
      Path: group.path,
      GroupName: group.groupName,
      GroupId: group.groupId,
      Arn: group.arn,
      CreateDate: group.createDate,
    })),
    IsTruncated: groups.isTruncated,
    Marker: groups.marker,
  };
};

function attachedPolicies(
  context: ActionContext,
  all: ReadonlyArray<{ policyName: string; policyArn: string }>,
): XmlObject {
  const policies = page(context, all);
  return {
    AttachedPolicies: policies.items.map((p) => ({ PolicyName: p.policyName, PolicyArn: p.policyArn })),
    IsTruncated: policies.isTruncated,
    Marker: policies.marker,
  };
}

const listAttachedUserPolicies: ActionHandler = (context) => {
  const user = userFor(context, 'ListAttachedUserPolicies');
  return attachedPolicies(context, context.state.access.attachedOfUser(user.userName));
};

const listAttachedGroupPolicies: ActionHandler = (context) =>
  attachedPolicies(context, groupFor(context, 'ListAttachedGroupPolicies').attached);

function policyNames(context: ActionContext, inline: ReadonlyMap<string, string>): XmlObject {
  const names = page(context, [...inline.keys()].sort());
  return { PolicyNames: names.items, IsTruncated: names.isTruncated, Marker: names.marker };
}

const listUserPolicies: ActionHandler = (context) => {
  const user = userFor(context, 'ListUserPolicies');
  return policyNames(context, context.state.access.inlineOfUser(user.userName));
};

const listGroupPolicies: ActionHandler = (context) =>
  policyNames(context, groupFor(context, 'ListGroupPolicies').inline);

const getUserPolicy: ActionHandler = (context) => {
  const user = userFor(context, 'GetUserPolicy');
  const name = policyName(context);
  const document = context.state.access.inlineOfUser(user.userName).get(name);
  if (document === undefined) throw awsErrors.noSuchInlinePolicy('user', name);
  return { UserName: user.userName, PolicyName: name, PolicyDocument: encodeDocument(document) };
};

const getGroupPolicy: ActionHandler = (context) => {
  const group = groupFor(context, 'GetGroupPolicy');
  const name = policyName(context);
  const document = group.inline.get(name);
  if (document === undefined) throw awsErrors.noSuchInlinePolicy('group', name);
  return { GroupName: group.groupName, PolicyName: name, PolicyDocument: encodeDocument(document) };
};

export const userAccessActions: Readonly<Record<string, ActionHandler>> = {
  GetLoginProfile: getLoginProfile,
  ListAccessKeys: listAccessKeys,
  ListGroupsForUser: listGroupsForUser,
  ListAttachedUserPolicies: listAttachedUserPolicies,
  ListAttachedGroupPolicies: listAttachedGroupPolicies,
  ListUserPolicies: listUserPolicies,
  GetUserPolicy: getUserPolicy,
  ListGroupPolicies: listGroupPolicies,
  GetGroupPolicy: getGroupPolicy,
};
