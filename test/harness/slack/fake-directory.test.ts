import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../sandbox/fake-slack/index.js';
import { directory, refusal, webClient } from './harness.js';

describe('fake Slack: the directory the test set up', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack({ directory });
  });
  afterAll(() => slack.close());

  it('says who the bot is through auth.test', async () => {
    await expect(webClient(slack).auth.test()).resolves.toMatchObject({
      ok: true,
      team_id: slack.identity.teamId,
      user_id: slack.identity.botUserId,
      bot_id: slack.identity.botId,
    });
  });

  it('returns a user with the profile email, and user_not_found for a stranger', async () => {
    const info = await webClient(slack).users.info({ user: 'U0ALICE' });
    expect(info.user).toMatchObject({
      id: 'U0ALICE',
      name: 'alice',
      profile: { email: 'alice@example.com' },
    });
    expect(await refusal(webClient(slack).users.info({ user: 'U0NOBODY' }))).toMatchObject({
      error: 'user_not_found',
    });
  });

  it('says whether the e-mail is confirmed as Slack does, or leaves the field out when told to', async () => {
    slack.addUser({ id: 'U0NEW', name: 'new', email: 'new@example.com', emailConfirmed: false });
    slack.addUser({ id: 'U0QUIET', name: 'quiet', email: 'quiet@example.com', emailConfirmed: 'unreported' });
    const client = webClient(slack);

    expect((await client.users.info({ user: 'U0ALICE' })).user?.is_email_confirmed).toBe(true);
    expect((await client.users.info({ user: 'U0NEW' })).user?.is_email_confirmed).toBe(false);
    const quiet = await client.users.info({ user: 'U0QUIET' });
    expect(quiet.user).toMatchObject({ id: 'U0QUIET', profile: { email: 'quiet@example.com' } });
    expect(quiet.user).not.toHaveProperty('is_email_confirmed');
  });

  it('lists the members of a user group, and no_such_subteam for an unknown one', async () => {
    await expect(webClient(slack).usergroups.users.list({ usergroup: 'S0SECURITY' })).resolves.toMatchObject({
      users: ['U0BOB'],
    });
    expect(await refusal(webClient(slack).usergroups.users.list({ usergroup: 'S0NOPE' }))).toMatchObject({
      error: 'no_such_subteam',
    });
  });

  it('answers unknown_method for a method the fake does not implement, so a test notices', async () => {
    expect(
      await refusal(webClient(slack).chat.delete({ channel: 'C0GENERAL', ts: '1.000001' })),
    ).toMatchObject({
      error: 'unknown_method',
    });
  });
});
