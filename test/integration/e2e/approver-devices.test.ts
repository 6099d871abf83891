import { afterEach, describe, expect, it } from 'vitest';
import { eventually, people, startWorld, type World } from './world.js';

describe('the approvers’ devices at start-up', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('warns of a configured serial that is not on the bot’s IAM user, naming the member', async () => {
    let removed = '';
    world = await startWorld({
      keepStartupCalls: true,
      // frank's device is configured, then removed from the bot's user behind the bot's back.
      beforeStart: (aws, botUser) => {
        removed = botUser.devices[1]!.serial;
        aws.state.deleteDevice(removed);
      },
    });
    const warning = await eventually(async () =>
      world.logs.find((line) => line.includes('is not on the bot’s IAM user')),
    );
    expect(JSON.parse(warning)).toMatchObject({ level: 40, member: people.frank.slackId, serial: removed });
    expect(world.logs.filter((line) => line.includes('is not on the bot’s IAM user'))).toHaveLength(1);
    expect(
      world.aws.state.callsTo('ListMFADevices').filter((c) => c.params.UserName === 'mfa-reset-bot'),
    ).toHaveLength(1);
  });

  it('says nothing when every configured device is there', async () => {
    world = await startWorld({ keepStartupCalls: true });
    await eventually(async () => world.aws.state.callsTo('ListMFADevices').length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(world.logs.filter((line) => line.includes('is not on the bot’s IAM user'))).toEqual([]);
  });
});
