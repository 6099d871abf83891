import {
  GetGroupPolicyCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  paginateListAccessKeys,
  paginateListAttachedGroupPolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListGroupsForUser,
  paginateListUserPolicies,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BotUser,
  type IamStsEmulator,
  startIamStsEmulator,
} from '../../../sandbox/iam-sts-emulator/index.js';
import { failureOf } from '../../harness/aws-failure.js';

/**
 * The emulator's reads of what gives a user access, through a raw SDK client (no retries) so that
 * what is asserted is the emulator's wire answer: fields, pagination and AWS's error codes.
 */

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const adminDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('IAM/STS emulator: what gives a user access', () => {
  let emulator: IamStsEmulator;
  let bot: BotUser;
  let client: IAMClient;

  beforeEach(async () => {
    // Pages of one item, so every List* below is read through several pages.
    emulator = await startIamStsEmulator({ pageSize: 1 });
    bot = emulator.state.addBotUser();
    emulator.state.addUser({ userName: 'alice' });
    client = new IAMClient({ endpoint: emulator.url, region: 'us-east-1', credentials: bot, maxAttempts: 1 });
  });

  afterEach(async () => {
    client.destroy();
    await emulator.close();
  });

  describe('GetLoginProfile and PasswordLastUsed', () => {
    it('answers the login profile of a user with a console password, and GetUser when it was last used', async () => {
      const lastUsed = new Date('2026-11-30T08:00:00Z');
      emulator.state.access.setLoginProfile('alice', { lastUsed });
      const { LoginProfile } = await client.send(new GetLoginProfileCommand({ UserName: 'alice' }));
      expect(LoginProfile).toMatchObject({ UserName: 'alice', PasswordResetRequired: false });
      expect(LoginProfile?.CreateDate).toBeInstanceOf(Date);
      const { User } = await client.send(new GetUserCommand({ UserName: 'alice' }));
      expect(User?.PasswordLastUsed).toEqual(lastUsed);
    });

    it('answers 404 NoSuchEntity for a user without a console password, and no PasswordLastUsed', async () => {
      expect(await failureOf(client.send(new GetLoginProfileCommand({ UserName: 'alice' })))).toEqual({
        code: 'NoSuchEntity',
        message: 'Login Profile for User alice cannot be found.',
        status: 404,
      });
      const { User } = await client.send(new GetUserCommand({ UserName: 'alice' }));
      expect(User?.PasswordLastUsed).toBeUndefined();
    });

    it('answers 404 NoSuchEntity naming the user for a user that does not exist', async () => {
      expect(await failureOf(client.send(new GetLoginProfileCommand({ UserName: 'nobody' })))).toEqual({
        code: 'NoSuchEntity',
        message: 'The user with name nobody cannot be found.',
        status: 404,
      });
    });
  });

  it('ListAccessKeys gives every key with its status, page after page (AccessKeyMetadata, Marker)', async () => {
    const first = emulator.state.addAccessKey('alice');
    const second = emulator.state.addAccessKey('alice', undefined, { status: 'Inactive' });
    const pages = await all(paginateListAccessKeys({ client }, { UserName: 'alice' }));
    expect(pages).toHaveLength(2);
    expect(pages[0]).toMatchObject({ IsTruncated: true });
    expect(pages[0]?.Marker).toEqual(expect.any(String));
    expect(pages.flatMap((p) => p.AccessKeyMetadata ?? [])).toEqual([
      expect.objectContaining({ UserName: 'alice', AccessKeyId: first.accessKeyId, Status: 'Active' }),
      expect.objectContaining({ UserName: 'alice', AccessKeyId: second.accessKeyId, Status: 'Inactive' }),
    ]);
  });

  it('an Inactive key signs nothing: IAM answers InvalidClientTokenId', async () => {
    const key = emulator.state.addAccessKey('alice', undefined, { status: 'Inactive' });
    const asAlice = new IAMClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: key,
      maxAttempts: 1,
    });
    try {
      expect((await failureOf(asAlice.send(new GetUserCommand({})))).code).toBe('InvalidClientTokenId');
    } finally {
      asAlice.destroy();
    }
  });

  it('ListGroupsForUser gives the user’s groups in pages (Groups, IsTruncated, Marker)', async () => {
    emulator.state.access.addUserToGroup('alice', 'ops');
    emulator.state.access.addUserToGroup('alice', 'dev');
    emulator.state.access.createGroup('finance');
    const first = await client.send(new ListGroupsForUserCommand({ UserName: 'alice' }));
    expect(first.IsTruncated).toBe(true);
    const pages = await all(paginateListGroupsForUser({ client }, { UserName: 'alice' }));
    const groups = pages.flatMap((p) => p.Groups ?? []);
    expect(groups.map((g) => g.GroupName)).toEqual(['dev', 'ops']);
    expect(groups[1]).toMatchObject({
      Path: '/',
      Arn: 'arn:aws:iam::123456789012:group/ops',
      GroupId: expect.stringMatching(/^AGPA/),
    });
  });

  it('ListAttachedUserPolicies and ListAttachedGroupPolicies give names and ARNs, AWS managed or not', async () => {
    emulator.state.access.attachPolicy({ user: 'alice' }, 'ReadOnlyAccess');
    emulator.state.access.attachPolicy({ user: 'alice' }, 'Ops', { awsManaged: false });
    emulator.state.access.addUserToGroup('alice', 'admins');
    emulator.state.access.attachPolicy({ group: 'admins' }, 'AdministratorAccess');
    const user = await all(paginateListAttachedUserPolicies({ client }, { UserName: 'alice' }));
    expect(user.flatMap((p) => p.AttachedPolicies ?? [])).toEqual([
      { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      { PolicyName: 'Ops', PolicyArn: 'arn:aws:iam::123456789012:policy/Ops' },
    ]);
    const group = await all(paginateListAttachedGroupPolicies({ client }, { GroupName: 'admins' }));
    expect(group.flatMap((p) => p.AttachedPolicies ?? [])).toEqual([
      { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    ]);
    expect(await failureOf(client.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'nope' })))).toEqual(
      {
        code: 'NoSuchEntity',
        message: 'The group with name nope cannot be found.',
        status: 404,
      },
    );
  });

  it('ListUserPolicies names inline policies; GetUserPolicy gives the document URL-encoded', async () => {
    emulator.state.access.putInlinePolicy({ user: 'alice' }, 'break-glass', adminDocument);
    emulator.state.access.putInlinePolicy({ user: 'alice' }, 'a-read', { Statement: [] });
    const names = await all(paginateListUserPolicies({ client }, { UserName: 'alice' }));
    expect(names.flatMap((p) => p.PolicyNames ?? [])).toEqual(['a-read', 'break-glass']);
    const policy = await client.send(
      new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'break-glass' }),
    );
    expect(policy).toMatchObject({ UserName: 'alice', PolicyName: 'break-glass' });
    expect(policy.PolicyDocument).toMatch(/^%7B%22Version%22/);
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument!))).toEqual(adminDocument);
    expect(
      await failureOf(client.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'nope' }))),
    ).toEqual({
      code: 'NoSuchEntity',
      message: 'The user policy with name nope cannot be found.',
      status: 404,
    });
  });

  it('ListGroupPolicies and GetGroupPolicy do the same for a group', async () => {
    emulator.state.access.addUserToGroup('alice', 'ops');
    emulator.state.access.putInlinePolicy({ group: 'ops' }, 'everything', adminDocument);
    const names = await all(paginateListGroupPolicies({ client }, { GroupName: 'ops' }));
    expect(names.flatMap((p) => p.PolicyNames ?? [])).toEqual(['everything']);
    const policy = await client.send(
      new GetGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'everything' }),
    );
    expect(policy).toMatchObject({ GroupName: 'ops', PolicyName: 'everything' });
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument!))).toEqual(adminDocument);
    expect(
      await failureOf(client.send(new GetGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'nope' }))),
    ).toEqual({
      code: 'NoSuchEntity',
      message: 'The group policy with name nope cannot be found.',
      status: 404,
    });
  });

  it.each([
    ['GetLoginProfile', () => new GetLoginProfileCommand({ UserName: 'nobody' }), 'user nobody'],
    ['GetUser', () => new GetUserCommand({ UserName: 'alice' }), 'user alice'],
    ['ListGroupsForUser', () => new ListGroupsForUserCommand({ UserName: 'alice' }), 'user alice'],
    ['ListUserPolicies', () => new ListUserPoliciesCommand({ UserName: 'alice' }), 'user alice'],
    ['GetGroupPolicy', () => new GetGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'x' }), 'group ops'],
  ] as const)(
    'a read the caller’s policy does not allow (%s) is 403 AccessDenied, before existence',
    async (action, command, resource) => {
      emulator.state.access.deny(action);
      expect(await failureOf(client.send(command() as GetUserCommand))).toEqual({
        code: 'AccessDenied',
        message: `User: ${bot.arn} is not authorized to perform: iam:${action} on resource: ${resource} because no identity-based policy allows the iam:${action} action`,
        status: 403,
      });
    },
  );
});
