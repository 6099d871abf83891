import { beforeEach, describe, expect, it } from 'vitest';
import { isResetError } from '../../../src/domain/errors.js';
import { createSlackDirectory } from '../../../src/slack/directory.js';
import { FakeClock, FakeDirectorySlack, platformError } from './slack-fakes.js';

describe('Slack directory', () => {
  let slack: FakeDirectorySlack;
  let clock: FakeClock;

  beforeEach(() => {
    slack = new FakeDirectorySlack();
    clock = new FakeClock();
    slack.groups.set('S0SECURITY', ['U0BOB', 'U0CAROL']);
  });

  describe('isDeactivated', () => {
    it('reads users.info’s deleted: fresh for a decision, from a short cache for a display', async () => {
      slack.usersById.set('U0ALICE', { id: 'U0ALICE', deleted: false, profile: {} });
      const directory = createSlackDirectory({ client: slack, clock });
      expect(await directory.isDeactivated('U0ALICE', 'display')).toBe(false);
      slack.usersById.set('U0ALICE', { id: 'U0ALICE', deleted: true, profile: {} });
      expect(await directory.isDeactivated('U0ALICE', 'display')).toBe(false);
      expect(await directory.isDeactivated('U0ALICE', 'decision')).toBe(true);
      expect(slack.calls).toEqual(['users.info U0ALICE', 'users.info U0ALICE']);
      expect(await directory.isDeactivated('U0NOBODY', 'decision')).toBe(false);
    });

    it('shares one users.info between overlapping reads of a member (mapping and deactivation)', async () => {
      slack.usersById.set('U0ALICE', { id: 'U0ALICE', profile: { email: 'a@corp.example' } });
      const directory = createSlackDirectory({ client: slack, clock });
      await Promise.all([directory.isDeactivated('U0ALICE', 'decision'), directory.profileEmail('U0ALICE')]);
      expect(slack.calls).toEqual(['users.info U0ALICE']);
    });
  });

  describe('profileEmail', () => {
    it('returns the e-mail of a member, confirmed when Slack says is_email_confirmed: true', async () => {
      slack.usersById.set('U0ALICE', {
        id: 'U0ALICE',
        is_email_confirmed: true,
        profile: { email: 'alice@corp.example' },
      });
      const directory = createSlackDirectory({ client: slack, clock });
      expect(await directory.profileEmail('U0ALICE')).toEqual({
        address: 'alice@corp.example',
        confirmed: true,
      });
    });

    it('reports an e-mail as not confirmed when Slack says false or does not say', async () => {
      const profile = { email: 'x@corp.example' };
      slack.usersById.set('U0NEW', { id: 'U0NEW', is_email_confirmed: false, profile });
      slack.usersById.set('U0SILENT', { id: 'U0SILENT', profile });
      const directory = createSlackDirectory({ client: slack, clock });
      expect(await directory.profileEmail('U0NEW')).toEqual({ address: 'x@corp.example', confirmed: false });
      expect(await directory.profileEmail('U0SILENT')).toEqual({
        address: 'x@corp.example',
        confirmed: false,
      });
    });

    it('returns nothing for unknown, deactivated and bot accounts, and missing e-mails', async () => {
      const email = { email: 'x@corp.example' };
      slack.usersById.set('U0GONE', {
        id: 'U0GONE',
        deleted: true,
        is_email_confirmed: true,
        profile: email,
      });
      slack.usersById.set('U0BOT', { id: 'U0BOT', is_bot: true, is_email_confirmed: true, profile: email });
      slack.usersById.set('U0NOMAIL', { id: 'U0NOMAIL', is_email_confirmed: true, profile: {} });
      const directory = createSlackDirectory({ client: slack, clock });
      for (const id of ['U0NOBODY', 'U0GONE', 'U0BOT', 'U0NOMAIL']) {
        expect(await directory.profileEmail(id)).toBeUndefined();
      }
    });

    it('turns a Slack failure into SLACK_API_ERROR naming the method and Slack’s error', async () => {
      slack.failWith = platformError('missing_scope');
      const directory = createSlackDirectory({ client: slack, clock });
      const error = await directory.profileEmail('U0ALICE').catch((e: unknown) => e);
      expect(isResetError(error) && error.code).toBe('SLACK_API_ERROR');
      expect(isResetError(error) && error.details).toMatchObject({
        method: 'users.info',
        slackError: 'missing_scope',
      });
      expect((error as Error).cause).toBe(slack.failWith);
    });
  });

  describe('userGroupMembers', () => {
    it('asks Slack itself for a decision, whatever the cache holds, and refreshes the cache', async () => {
      const directory = createSlackDirectory({ client: slack, clock });
      expect(await directory.userGroupMembers('S0SECURITY', 'display')).toEqual(['U0BOB', 'U0CAROL']);
      slack.groups.set('S0SECURITY', ['U0BOB']);
      expect(await directory.userGroupMembers('S0SECURITY', 'decision')).toEqual(['U0BOB']);
      expect(await directory.userGroupMembers('S0SECURITY', 'display')).toEqual(['U0BOB']);
      expect(slack.calls).toEqual(['usergroups.users.list S0SECURITY', 'usergroups.users.list S0SECURITY']);
    });

    it('asks Slack once per group within the TTL for display', async () => {
      const directory = createSlackDirectory({ client: slack, clock });
      expect(await directory.userGroupMembers('S0SECURITY', 'display')).toEqual(['U0BOB', 'U0CAROL']);
      clock.advance(59_999);
      slack.groups.set('S0SECURITY', ['U0BOB']);
      expect(await directory.userGroupMembers('S0SECURITY', 'display')).toEqual(['U0BOB', 'U0CAROL']);
      expect(slack.calls).toEqual(['usergroups.users.list S0SECURITY']);
    });

    it('asks Slack again for display once the TTL has passed', async () => {
      const directory = createSlackDirectory({ client: slack, clock, groupCacheTtlMs: 30_000 });
      await directory.userGroupMembers('S0SECURITY', 'display');
      slack.groups.set('S0SECURITY', ['U0BOB']);
      clock.advance(30_000);
      expect(await directory.userGroupMembers('S0SECURITY', 'display')).toEqual(['U0BOB']);
      expect(slack.calls).toHaveLength(2);
    });

    it('caches each group separately', async () => {
      slack.groups.set('S0AUDIT', ['U0DAVE']);
      const directory = createSlackDirectory({ client: slack, clock });
      expect(await directory.userGroupMembers('S0AUDIT', 'display')).toEqual(['U0DAVE']);
      expect(await directory.userGroupMembers('S0SECURITY', 'display')).toEqual(['U0BOB', 'U0CAROL']);
      expect(slack.calls).toHaveLength(2);
    });

    it('shares one call between concurrent callers', async () => {
      const directory = createSlackDirectory({ client: slack, clock });
      const [a, b] = await Promise.all([
        directory.userGroupMembers('S0SECURITY', 'display'),
        directory.userGroupMembers('S0SECURITY', 'display'),
      ]);
      expect(a).toEqual(b);
      expect(slack.calls).toHaveLength(1);
    });

    it('does not cache a failure', async () => {
      const directory = createSlackDirectory({ client: slack, clock });
      slack.failWith = platformError('ratelimited');
      const error = await directory.userGroupMembers('S0SECURITY', 'display').catch((e: unknown) => e);
      expect(isResetError(error) && error.details).toMatchObject({ method: 'usergroups.users.list' });
      slack.failWith = undefined;
      expect(await directory.userGroupMembers('S0SECURITY', 'display')).toEqual(['U0BOB', 'U0CAROL']);
    });

    it('asks Slack every time for a decision, and keeps what it read for the next display', async () => {
      const directory = createSlackDirectory({ client: slack, clock });
      await directory.userGroupMembers('S0SECURITY', 'display');
      slack.groups.set('S0SECURITY', ['U0BOB']);
      expect(await directory.userGroupMembers('S0SECURITY', 'decision')).toEqual(['U0BOB']);
      expect(await directory.userGroupMembers('S0SECURITY', 'decision')).toEqual(['U0BOB']);
      expect(await directory.userGroupMembers('S0SECURITY', 'display')).toEqual(['U0BOB']);
      expect(slack.calls).toHaveLength(3);
    });

    it('returns members the caller cannot change in the cache', async () => {
      const directory = createSlackDirectory({ client: slack, clock });
      const members = await directory.userGroupMembers('S0SECURITY', 'display');
      expect(() => (members as string[]).push('U0MALLORY')).toThrow(TypeError);
      expect(await directory.userGroupMembers('S0SECURITY', 'display')).toEqual(['U0BOB', 'U0CAROL']);
    });
  });
});
