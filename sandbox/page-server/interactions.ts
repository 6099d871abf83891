import type { z } from 'zod';
import { castDirectory } from '../cast.js';
import type { Sandbox } from '../sandbox.js';
import type { DriverResponse } from '../slack-driver/index.js';
import type { AppManifest } from './manifest.js';
import { escapeMentions, splitCommand } from './manifest.js';
import type { Notices } from './notices.js';
import type { actionBody, closeBody, commandBody, homeBody, submitBody } from './schemas.js';

/**
 * What the page's clicks and keystrokes become: the requests Slack would send the bot, signed, built
 * by the driver from the views and messages the Slack stand-in holds (so a trigger_id comes from
 * the interaction, view ids and hashes are Slack's, and Slack's limits apply). Where Slack would
 * give up on the app, the member is told in Slack's words.
 */
export interface InteractionContext {
  readonly sandbox: Sandbox;
  readonly manifest: AppManifest;
  readonly notices: Notices;
}

/** Slack waits this long for an app to acknowledge a command, an action or a submission. */
export const SLACK_ACK_TIMEOUT_MS = 3_000;
/** A trigger_id handed over this old is already past Slack's 3 s: the developer option "stale trigger". */
const STALE_TRIGGER_AGE_MS = 4_000;

export type Answer = { readonly status: number; readonly body: Record<string, unknown> };
const ok = (body: Record<string, unknown> = {}): Answer => ({ status: 200, body: { ok: true, ...body } });

/** How the app's answer went, in the words Slack uses for each surface. */
function failureOf(response: DriverResponse<unknown>): string | undefined {
  if (response.timedOut) return 'operation_timeout';
  if (response.status !== 200) return `HTTP ${response.status}`;
  return undefined;
}

export async function slashCommand(
  ctx: InteractionContext,
  body: z.infer<typeof commandBody>,
): Promise<Answer> {
  const typed = splitCommand(body.text);
  if (typed === undefined) {
    ctx.notices.tell(
      body.as,
      'Only slash commands reach the bot in this sandbox: type one, such as /mfa-reset.',
    );
    return ok();
  }
  const declared = ctx.manifest.commands.find((c) => c.command === typed.command);
  if (declared === undefined) {
    ctx.notices.tell(
      body.as,
      `${typed.command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
    );
    return ok();
  }
  const response = await ctx.sandbox.driver().slashCommand(
    {
      userId: body.as,
      channelId: body.channel,
      command: typed.command,
      text: declared.shouldEscape
        ? escapeMentions(typed.text, (name) => castDirectory().users?.find((user) => user.name === name)?.id)
        : typed.text,
      triggerAgeMs: body.staleTrigger ? STALE_TRIGGER_AGE_MS : 0,
    },
    { timeoutMs: SLACK_ACK_TIMEOUT_MS },
  );
  const failure = failureOf(response);
  if (failure !== undefined) {
    const error = response.timedOut ? 'operation_timeout' : 'dispatch_failed';
    ctx.notices.tell(body.as, `${typed.command} failed with the error "${error}"`, failure);
  }
  return ok();
}

export async function blockAction(
  ctx: InteractionContext,
  body: z.infer<typeof actionBody>,
): Promise<Answer> {
  const source =
    'channel' in body.source
      ? { message: { channel: body.source.channel, ts: body.source.ts } }
      : 'home' in body.source
        ? { home: true as const }
        : { viewId: body.source.viewId, inputs: body.source.inputs };
  const response = await ctx.sandbox.driver().blockAction(
    {
      ...source,
      userId: body.as,
      actionId: body.actionId,
      ...(body.blockId !== undefined && { blockId: body.blockId }),
      ...(body.value !== undefined && { value: body.value }),
      ...(body.values !== undefined && { values: body.values }),
      triggerAgeMs: body.staleTrigger ? STALE_TRIGGER_AGE_MS : 0,
    },
    { timeoutMs: SLACK_ACK_TIMEOUT_MS },
  );
  const failure = failureOf(response);
  if (failure !== undefined) {
    const name = ctx.manifest.appName;
    ctx.notices.tell(body.as, `${name} didn’t respond to your click. Try again in a moment.`, failure);
  }
  return ok();
}

export async function submitView(ctx: InteractionContext, body: z.infer<typeof submitBody>): Promise<Answer> {
  const response = await ctx.sandbox
    .driver()
    .viewSubmission(
      { viewId: body.viewId, userId: body.as, inputs: body.inputs },
      { timeoutMs: SLACK_ACK_TIMEOUT_MS },
    );
  if (response.outcome.accepted) ctx.notices.clearTrouble(body.viewId);
  else ctx.notices.troubleIn(body.viewId, response.outcome.problems.join('\n'));
  return ok({ accepted: response.outcome.accepted, problems: response.outcome.problems });
}

export async function closeView(ctx: InteractionContext, body: z.infer<typeof closeBody>): Promise<Answer> {
  await ctx.sandbox
    .driver()
    .viewClosed({ viewId: body.viewId, userId: body.as }, { timeoutMs: SLACK_ACK_TIMEOUT_MS });
  ctx.notices.clearTrouble(body.viewId);
  return ok();
}

export async function openHome(ctx: InteractionContext, body: z.infer<typeof homeBody>): Promise<Answer> {
  await ctx.sandbox
    .driver()
    .appHomeOpened({ userId: body.as, tab: body.tab }, { timeoutMs: SLACK_ACK_TIMEOUT_MS });
  return ok();
}
