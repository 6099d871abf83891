import { randomUUID } from 'node:crypto';
import { tickedAll, typed } from '../sandbox/slack-driver/index.js';
import { ActionId, BlockId, CallbackId } from '../src/slack/ids.js';
import { APPROVALS_CHANNEL, type BenchBot, type BenchWorld, people } from './world.js';

/** What people do in Slack, as the e2e tests' helpers do it, for the bench's world. */

/**
 * The requester's part (as `requestReset` in the e2e world): `/mfa-reset` as alice, every device
 * the form offers ticked, a reason, submit; returns the request id and the approval message.
 */
export async function requestReset(
  world: Pick<BenchWorld, 'slack'>,
  bot: BenchBot,
): Promise<{ requestId: string; messageTs: string }> {
  const { slack } = world;
  const sent = await bot.driver.slashCommand({ userId: people.alice.slackId, channelId: APPROVALS_CHANNEL });
  const update = await slack.waitForCall('views.update', { since: sent.callMark, timeoutMs: 5_000 });
  const viewId = String((update.response.view as { id: string }).id);
  const form = slack.viewById(viewId);
  if (form?.view.callback_id !== CallbackId.requestModal) {
    throw new Error(
      `expected the request form, got ${form?.view.callback_id}: ${JSON.stringify(form?.view)}`,
    );
  }
  const mark = slack.callCount();
  const submitted = await bot.driver.viewSubmission({
    viewId,
    inputs: {
      [BlockId.devices]: { [ActionId.devices]: tickedAll(form.view, BlockId.devices) },
      [BlockId.reason]: { [ActionId.reason]: typed('Lost my phone on the train') },
    },
  });
  if (!submitted.outcome.accepted) {
    throw new Error(`submission refused: ${submitted.outcome.problems.join('; ')}`);
  }
  const posted = await slack.waitForCall('chat.postMessage', {
    since: mark,
    where: (call) => call.args.channel === APPROVALS_CHANNEL,
    timeoutMs: 5_000,
  });
  const requestId = /"value":"([^"]+)"/.exec(JSON.stringify(posted.args.blocks))?.[1];
  if (requestId === undefined) throw new Error('the approval message carries no request id');
  return { requestId, messageTs: String(posted.response.ts) };
}

/** erin clicks Approve and the approval modal opens; returns its view id. */
export async function openApprovalModal(
  world: Pick<BenchWorld, 'slack'>,
  bot: BenchBot,
  messageTs: string,
): Promise<string> {
  const mark = world.slack.callCount();
  await bot.driver.blockAction({
    userId: people.erin.slackId,
    actionId: ActionId.approve,
    message: { channel: APPROVALS_CHANNEL, ts: messageTs },
  });
  const opened = await world.slack.waitForCall('views.open', { since: mark, timeoutMs: 5_000 });
  const view = opened.response.view as { id: string } | undefined;
  if (!opened.response.ok || view === undefined) {
    throw new Error(`the approval modal did not open: ${JSON.stringify(opened.response)}`);
  }
  // It opens as a loading view; the bot fills the form in with views.update once it has checked.
  await world.slack.waitFor(
    () => (world.slack.viewById(view.id)?.view.callback_id === CallbackId.approveModal ? true : undefined),
    { timeoutMs: 5_000, description: 'the approval form in the modal' },
  );
  return view.id;
}

/**
 * erin submits the approval modal with a valid code of her bot device. The emulator's clock is moved
 * on one TOTP step first, so every approval of the run has an unused code (AWS takes each once).
 */
export async function submitApproval(world: BenchWorld, bot: BenchBot, viewId: string) {
  world.aws.state.clock.advance(30_000);
  const code = world.aws.codeFor(world.botUser.devices[0]!.seed);
  const answer = await bot.driver.viewSubmission({
    viewId,
    userId: people.erin.slackId,
    inputs: { [BlockId.tokenCode]: { [ActionId.tokenCode]: typed(code) } },
  });
  const shown = JSON.stringify(world.slack.viewById(viewId)?.view ?? {});
  if (!answer.outcome.accepted || !shown.includes('MFA reset done')) {
    throw new Error(`the approval did not complete the reset: ${shown.slice(0, 500)}`);
  }
  return answer;
}

/** Gives alice a fresh set of MFA devices of these kinds; returns their serials. */
export function giveAliceDevices(
  world: Pick<BenchWorld, 'aws'>,
  kinds: readonly ('virtual' | 'hardware' | 'fido')[],
): string[] {
  const userName = people.alice.iamUser;
  const suffix = randomUUID().slice(0, 8);
  return kinds.map((kind, index) => {
    if (kind === 'virtual') {
      return world.aws.state.addVirtualDevice({ userName, name: `alice-${suffix}-${index}` }).serial;
    }
    if (kind === 'hardware') {
      return world.aws.state.addHardwareDevice({ userName, serial: `GAHT${suffix}${index}`.toUpperCase() })
        .serial;
    }
    return world.aws.state.addFidoDevice({ userName, id: `${suffix}${index}` }).serial;
  });
}
