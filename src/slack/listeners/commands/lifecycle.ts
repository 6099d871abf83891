import type { RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { ResetRequest } from '../../../domain/request.js';
import type { ListenerContext } from '../../context.js';
import { logFailure } from '../../failure-log.js';
import { slashCommand } from '../../ids.js';
import { cancelButton, errorText, escapeMrkdwn, statusMessage } from '../../views/index.js';

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

/** One line per pending request with its own Cancel button, for a member with several. */
function choiceBlocks(requests: readonly ResetRequest[]): KnownBlock[] {
  return requests.slice(0, STATUS_LIMIT).flatMap((request): KnownBlock[] => [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `IAM user \`${escapeMrkdwn(request.target.iamUserName, 200)}\` · request \`${escapeMrkdwn(request.id, 130)}\``,
      },
    },
    cancelButton(request.id),
  ]);
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
      const text = `You have ${result.requests.length} pending requests. Choose the one to cancel:`;
      await input.respond({
        response_type: 'ephemeral',
        text,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, ...choiceBlocks(result.requests)],
      });
      return;
    }
    await input.respond({ response_type: 'ephemeral', text: cancelledText(result.request) });
  } catch (error) {
    const coded = logFailure(logger, error, {});
    await input.respond({ response_type: 'ephemeral', text: errorText(coded.code, coded.details) });
  }
}

export function cancelledText(request: ResetRequest): string {
  return `:heavy_multiplication_x: You cancelled the MFA reset request for IAM user \`${escapeMrkdwn(request.target.iamUserName, 200)}\`. Nothing was changed.`;
}
