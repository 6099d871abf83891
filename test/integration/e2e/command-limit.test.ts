import { afterEach, describe, expect, it } from 'vitest';
import {
  APPROVALS_CHANNEL,
  auditByActor,
  ephemeralTextTo,
  eventually,
  openRequestForm,
  people,
  startWorld,
  type World,
} from './world.js';

const alice = people.alice.slackId;

/** Alice sends `/mfa-reset` and the bot answers it somehow: a modal opened, or an ephemeral reply. */
async function sendCommand(world: World): Promise<void> {
  const answersBefore = world.slack.ephemeralsTo(alice).length + world.slack.calls('views.open').length;
  await world.driver.slashCommand({ userId: alice, channelId: APPROVALS_CHANNEL });
  await eventually(
    async () =>
      world.slack.ephemeralsTo(alice).length + world.slack.calls('views.open').length > answersBefore,
  );
}

describe('a member who sends commands without end', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('is refused beyond requests.commandsPerMinute, costs no IAM call for it, and is audited once', async () => {
    world = await startWorld({ commandsPerMinute: 2 });
    world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
    world.aws.state.addVirtualDevice({ userName: people.bob.iamUser });

    for (let i = 0; i < 5; i += 1) await sendCommand(world);

    expect(world.slack.calls('views.open')).toHaveLength(2);
    expect(
      world.aws.state.callsTo('ListMFADevices').filter((c) => c.params.UserName === 'alice'),
    ).toHaveLength(2);
    expect(ephemeralTextTo(world, alice).match(/more \/mfa-reset commands in the last minute/g)).toHaveLength(
      3,
    );
    expect(ephemeralTextTo(world, alice)).toMatch(/Try again in \d+ s\./);
    const refusals = (await auditByActor(world, alice)).filter((event) => event.type === 'COMMANDS_LIMITED');
    expect(refusals.map((event) => [event.errorCode, event.details?.perMinute])).toEqual([
      ['COMMAND_RATE_LIMITED', 2],
    ]);

    // Another member is not held up by Alice.
    await openRequestForm(world, people.bob.slackId);

    // A minute later Alice is admitted again.
    world.advanceClock(60_000);
    await openRequestForm(world, alice);
  });
});
