import type { RespondFn } from '@slack/bolt';
import type { ListenerContext } from '../../context.js';
import { logFailure } from '../../failure-log.js';
import { slashCommand } from '../../ids.js';
import { cancelChoiceMessage, cancelledText, errorText, statusMessage } from '../../views/index.js';

/** Requests `/mfa-reset status` lists: a message's worth (each is one section), newest first. */
export const STATUS_LIMIT = 10;

/** `/mfa-reset status`: the caller's requests, made by them or for them, in an ephemeral message. */
export async function showStatus(
  ctx: ListenerContext,
  input: { respond: RespondFn; userId: string; now: Date },
): Promise<void> {
  const logger = ctx.logger.child({ command: `${slashCommand} status`, user: input.userId });
  try {
    const requests = await ctx.memberRequests.of(input.userId, STATUS_LIMIT);
    const message = statusMessage({ member: input.userId, requests, now: input.now, limit: STATUS_LIMIT });
    await input.respond({ response_type: 'ephemeral', ...message });
  } catch (error) {
    const coded = logFailure(logger, error, {});
    await input.respond({ response_type: 'ephemeral', text: errorText(coded.code, coded.details) });
  }
}

/**
 * `/mfa-reset cancel`: the caller's one pending request is cancelled; with several (a help-desk
 * member's), each is listed with its own Cancel button; with none, the refusal says so.
 */
export async function cancelOwn(ctx: ListenerContext, input: { respond: RespondFn; userId: string }) {
  const logger = ctx.logger.child({ command: `${slashCommand} cancel`, user: input.userId });
  try {
    const result = await ctx.cancels.cancelOwn(input.userId);
    if (result.kind === 'choose') {
      await input.respond({
        response_type: 'ephemeral',
        ...cancelChoiceMessage(result.requests, STATUS_LIMIT),
      });
      return;
    }
    await input.respond({ response_type: 'ephemeral', text: cancelledText(result.request) });
  } catch (error) {
    const coded = logFailure(logger, error, {});
    await input.respond({ response_type: 'ephemeral', text: errorText(coded.code, coded.details) });
  }
}
