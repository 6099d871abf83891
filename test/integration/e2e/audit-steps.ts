import type { ViewOutput } from '@slack/bolt';
import type { RecordedCall } from '../../../sandbox/fake-slack/index.js';
import type { ResetRequest } from '../../../src/domain/request.js';
import { APPROVALS_CHANNEL, approveWithCode, people, requestReset, type World } from './world.js';

/** Steps of the audit tests, on top of world.ts: what an auditor does in Slack. */

/** The view a views.* call ended with. */
function viewOf(call: RecordedCall): { id: string; view: ViewOutput } {
  const view = call.response.view as ViewOutput & { id: string };
  return { id: view.id, view };
}

/**
 * `/mfa-reset TEXT` as `userId`: returns the loading view Slack opened at once and the view that
 * replaced it (views.update) once the bot had its answer.
 */
export async function slashAudit(world: World, userId: string, text: string) {
  const sent = await world.driver.slashCommand({ userId, channelId: APPROVALS_CHANNEL, text });
  const opened = await world.slack.waitForCall('views.open', { since: sent.callMark, timeoutMs: 5_000 });
  const filled = await world.slack.waitForCall('views.update', { since: sent.callMark, timeoutMs: 10_000 });
  return { sent, opened: viewOf(opened), filled: viewOf(filled) };
}

/** Clicks a button in an open modal; returns the call that answered it (update, push or open). */
export async function clickInModal(
  world: World,
  input: {
    userId: string;
    viewId: string;
    actionId: string;
    blockId?: string;
    answer: 'views.update' | 'views.push';
  },
) {
  const sent = await world.driver.blockAction({
    userId: input.userId,
    viewId: input.viewId,
    actionId: input.actionId,
    ...(input.blockId === undefined ? {} : { blockId: input.blockId }),
  });
  const call = await world.slack.waitForCall(input.answer, {
    since: sent.callMark,
    where: (c) => c.response.ok === true,
    timeoutMs: 10_000,
  });
  return viewOf(call);
}

/** After a push of a loading view, the views.update that filled it in. */
export async function filledAfterPush(world: World, pushedViewId: string, since: number) {
  const call = await world.slack.waitForCall('views.update', {
    since,
    where: (c) => c.args.view_id === pushedViewId,
    timeoutMs: 10_000,
  });
  return viewOf(call);
}

/**
 * A whole reset of alice's virtual device, approved by erin with her own device: a trail to review.
 * A second reset within 30 s needs `codeOffset: 1` (AWS takes each code once).
 */
export async function resetAlice(
  world: World,
  options: { codeOffset?: number } = {},
): Promise<{ request: ResetRequest; serial: string }> {
  const { serial } = world.aws.state.addVirtualDevice({ userName: people.alice.iamUser });
  const { request, messageTs } = await requestReset(world, { userId: people.alice.slackId });
  const { answer } = await approveWithCode(world, {
    approver: people.erin.slackId,
    messageTs,
    code: world.codeOf(people.erin.slackId, options.codeOffset ?? 0),
  });
  if (!answer.outcome.accepted) throw new Error(`approval refused: ${answer.outcome.problems.join('; ')}`);
  const stored = await world.requestById(request.id);
  if (stored?.state !== 'COMPLETED') throw new Error(`the reset ended ${stored?.state}`);
  return { request: stored, serial };
}

/** The section texts of a view, in order. */
export function texts(view: Pick<ViewOutput, 'blocks'>): string[] {
  return (view.blocks as Array<{ text?: { text?: string }; fields?: Array<{ text?: string }> }>).flatMap(
    (block) => [
      ...(block.text?.text === undefined ? [] : [block.text.text]),
      ...(block.fields ?? []).map((field) => field.text ?? ''),
    ],
  );
}

/** The value of the button `actionId` in a view, if it shows one. */
export function buttonValue(view: Pick<ViewOutput, 'blocks'>, actionId: string): string | undefined {
  for (const block of view.blocks as unknown as Array<Record<string, unknown>>) {
    const elements = [
      ...((block.elements as Array<Record<string, unknown>> | undefined) ?? []),
      ...(block.accessory === undefined ? [] : [block.accessory as Record<string, unknown>]),
    ];
    const button = elements.find((element) => element.action_id === actionId);
    if (button !== undefined) return String(button.value ?? '');
  }
  return undefined;
}
