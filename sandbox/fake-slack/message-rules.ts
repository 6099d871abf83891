import { blockKitLimits } from '../../src/block-kit-limits.js';
import { asErrorLines, checkBlocks } from './block-rules.js';
import type { SlackApiResponse } from './types.js';

/** Slack's ceiling for a message's `text`; longer is `msg_too_long`. */
const MAX_TEXT_LENGTH = blockKitLimits.messageTextMax;

/** What Slack would say about a message's blocks (at most 50, each valid); empty when it would take them. */
export function messageBlocksProblems(message: { blocks?: unknown }): string[] {
  const problems: string[] = [];
  checkBlocks(message.blocks, { pointer: '/blocks', max: blockKitLimits.messageBlocks }, problems);
  return problems;
}

/**
 * What chat.postMessage / chat.update / chat.postEphemeral / response_url reject about a message's content:
 * no text and no blocks (`no_text`), blocks that are not JSON (`invalid_blocks_format`), more than 50 blocks
 * or a broken block (`invalid_blocks`), an over-long text (`msg_too_long`). Returns undefined when acceptable.
 */
export function messageContentError(content: {
  text?: unknown;
  blocks?: unknown;
  attachments?: unknown;
}): SlackApiResponse | undefined {
  if (typeof content.blocks === 'string') return { ok: false, error: 'invalid_blocks_format' };
  if (content.blocks !== undefined) {
    const problems = messageBlocksProblems(content);
    if (problems.length > 0) {
      return {
        ok: false,
        error: 'invalid_blocks',
        errors: problems,
        response_metadata: { messages: asErrorLines(problems) },
      };
    }
  }
  const text = typeof content.text === 'string' ? content.text : '';
  const hasBlocks = Array.isArray(content.blocks) && content.blocks.length > 0;
  const hasAttachments = Array.isArray(content.attachments) && content.attachments.length > 0;
  if (text.trim() === '' && !hasBlocks && !hasAttachments) return { ok: false, error: 'no_text' };
  if (text.length > MAX_TEXT_LENGTH) return { ok: false, error: 'msg_too_long' };
  return undefined;
}
