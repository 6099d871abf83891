import { describe, expect, it } from 'vitest';
import { ResetError } from '../../../src/domain/errors.js';
import type { MappingRule } from '../../../src/domain/mapping.js';
import { iamUserNamesOf, resolveIamUser } from '../../../src/services/identity.js';
import { ALICE } from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

const IVAN = 'U0IVAN';
const emailRule: MappingRule = { email: { template: '{localPart}', domains: ['example.com'] } };
const tagRule: MappingRule = { tag: { key: 'slack-user-id' } };

/** Alice statically, then e-mails, then tags: the order the docs recommend. */
function aMappedWorld(
  mapping: readonly MappingRule[] = [{ static: { [ALICE]: 'alice' } }, emailRule, tagRule],
) {
  const world = aWorld({ rules: { mapping } });
  return { world, identity: { ...world.deps, ...world.rules } };
}

/** The IAM calls made, by action. */
const actions = (world: ReturnType<typeof aWorld>) => world.iam.calls.map((call) => call.action);

describe('mapping rules: the e-mail rule', () => {
  it('maps a member whose address Slack reports as confirmed', async () => {
    const { world, identity } = aMappedWorld();
    world.iam.addUser({ userName: 'ivan' });
    world.directory.setEmail(IVAN, 'ivan@example.com');

    await expect(resolveIamUser(identity, IVAN)).resolves.toMatchObject({ userName: 'ivan' });
  });

  it('does not use an address Slack has not confirmed, or does not say is confirmed', async () => {
    const { world } = aMappedWorld();
    world.iam.addUser({ userName: 'ivan', devices: ['GAHT00000050'] });
    world.directory.setEmail(IVAN, 'ivan@example.com', { confirmed: false });

    await expect(world.requests.prepare(IVAN)).rejects.toMatchObject({
      code: 'MEMBER_NOT_MAPPED',
      details: { emailNotConfirmed: true },
    });
    expect(world.store.events()).toEqual([
      expect.objectContaining({ type: 'REQUEST_REFUSED', errorCode: 'MEMBER_NOT_MAPPED' }),
    ]);
    expect(actions(world)).not.toContain('GetUser');
    expect(actions(world)).not.toContain('ListMFADevices');
  });

  it('moves on to the tag rule when the address is not confirmed', async () => {
    const { world, identity } = aMappedWorld();
    world.iam.addUser({ userName: 'ivan' });
    world.iam.addUser({ userName: 'ivan-tagged', tags: { 'slack-user-id': IVAN } });
    world.directory.setEmail(IVAN, 'ivan@example.com', { confirmed: false });

    await expect(resolveIamUser(identity, IVAN)).resolves.toMatchObject({ userName: 'ivan-tagged' });
  });
});

describe('mapping rules: one Slack member per IAM user', () => {
  it('refuses a second member whose e-mail gives an IAM user the static rule gives to another', async () => {
    const { world } = aMappedWorld();
    world.directory.setEmail(IVAN, 'alice@example.com');

    await expect(world.requests.prepare(IVAN)).rejects.toMatchObject({
      code: 'MAPPING_CONFLICT',
      details: { iamUserName: 'alice', rule: 'email', staticOwner: ALICE },
    });
    expect(world.store.events()).toEqual([
      expect.objectContaining({
        type: 'REQUEST_REFUSED',
        actor: { kind: 'member', slackUserId: IVAN },
        target: { slackUserId: IVAN, iamUserName: 'alice' },
        errorCode: 'MAPPING_CONFLICT',
      }),
    ]);
    expect(actions(world)).toEqual([]);
  });

  it('compares IAM user names without case, as IAM does', async () => {
    const { world, identity } = aMappedWorld();
    world.directory.setEmail(IVAN, 'ALICE@example.com');

    await expect(resolveIamUser(identity, IVAN)).rejects.toMatchObject({ code: 'MAPPING_CONFLICT' });
  });

  it('refuses a member whose tag is on an IAM user the static rule gives to another', async () => {
    const { world, identity } = aMappedWorld();
    world.iam.addUser({ userName: 'alice', tags: { 'slack-user-id': IVAN }, devices: ['GAHT00000051'] });

    await expect(resolveIamUser(identity, IVAN)).rejects.toMatchObject({
      code: 'MAPPING_CONFLICT',
      details: { rule: 'tag', iamUserName: 'alice' },
    });
  });

  it('reserves a statically given IAM user even when the static rule comes last', async () => {
    const { world, identity } = aMappedWorld([emailRule, { static: { [ALICE]: 'alice' } }]);
    world.directory.setEmail(IVAN, 'alice@example.com');
    world.directory.setEmail(ALICE, 'alice@example.com');

    await expect(resolveIamUser(identity, IVAN)).rejects.toMatchObject({ code: 'MAPPING_CONFLICT' });
    // The member the static rule names may reach the same user through an earlier rule.
    await expect(resolveIamUser(identity, ALICE)).resolves.toMatchObject({ userName: 'alice' });
  });

  it('refuses two IAM users carrying the member’s ID, instead of taking the first one found', async () => {
    const { world } = aMappedWorld([tagRule]);
    world.iam.addUser({ userName: 'ivan', tags: { 'slack-user-id': IVAN }, devices: ['GAHT00000052'] });
    world.iam.addUser({ userName: 'ivan-admin', tags: { 'Slack-User-Id': IVAN }, devices: ['GAHT00000053'] });

    await expect(world.requests.prepare(IVAN)).rejects.toMatchObject({
      code: 'MAPPING_AMBIGUOUS',
      details: { tagKey: 'slack-user-id', iamUserNames: 'ivan,ivan-admin' },
    });
    expect(world.store.events()).toEqual([
      expect.objectContaining({ type: 'REQUEST_REFUSED', errorCode: 'MAPPING_AMBIGUOUS' }),
    ]);
    expect(actions(world)).toEqual(['FindUsersByTag']);
  });

  it('gives an approver’s candidate IAM users without asking IAM whether they exist', async () => {
    const { world, identity } = aMappedWorld();
    world.directory.setEmail(IVAN, 'ivan@example.com');
    world.iam.addUser({ userName: 'x', tags: { 'slack-user-id': 'U0TAGGED' } });
    world.iam.addUser({ userName: 'y', tags: { 'slack-user-id': 'U0TAGGED' } });

    expect(await iamUserNamesOf(identity, ALICE)).toEqual(['alice']);
    expect(await iamUserNamesOf(identity, IVAN)).toEqual(['ivan']);
    expect(await iamUserNamesOf(identity, 'U0TAGGED')).toEqual(['x', 'y']);
    expect(await iamUserNamesOf(identity, 'U0NOBODY')).toEqual([]);
    expect(actions(world)).not.toContain('GetUser');
  });

  it('passes a Slack failure through as it is', async () => {
    const { world, identity } = aMappedWorld();
    world.directory.profileFailure = new ResetError('SLACK_API_ERROR', 'users.info failed');

    await expect(resolveIamUser(identity, IVAN)).rejects.toMatchObject({ code: 'SLACK_API_ERROR' });
  });
});
