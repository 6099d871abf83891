/**
 * The Block Kit rules the fake enforces, with Slack's limits and the shape of its complaints:
 * `<problem> [json-pointer:<where>]`, sent back as `[ERROR] ...` lines in `response_metadata.messages`.
 * It is deliberately not the whole of Block Kit: these are the limits a bot like ours can plausibly break
 * (counts, text lengths, ids), each one documented by Slack.
 */

import { blockKitLimits as limits } from '../../src/block-kit-limits.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asErrorLines(problems: readonly string[]): string[] {
  return problems.map((problem) => `[ERROR] ${problem}`);
}

/** Slack words a maximum of N characters as "must be less than N+1 characters". */
function checkTextLength(text: unknown, max: number, pointer: string, problems: string[]): void {
  if (typeof text !== 'string') {
    problems.push(`missing required field: text [json-pointer:${pointer}]`);
  } else if (text.length === 0) {
    problems.push(`must be more than 0 characters [json-pointer:${pointer}/text]`);
  } else if (text.length > max) {
    problems.push(`must be less than ${max + 1} characters [json-pointer:${pointer}/text]`);
  }
}

/** Modal title, submit and close: a plain_text object of at most `max` characters. */
export function checkPlainText(value: unknown, max: number, pointer: string, problems: string[]): void {
  if (!isObject(value) || value.type !== 'plain_text') {
    problems.push(`failed to match all allowed schemas [json-pointer:${pointer}]`);
    problems.push(`must be a plain_text text object [json-pointer:${pointer}]`);
    return;
  }
  const before = problems.length;
  checkTextLength(value.text, max, pointer, problems);
  if (problems.length > before)
    problems.splice(before, 0, `failed to match all allowed schemas [json-pointer:${pointer}]`);
}

export function checkStringLength(value: unknown, max: number, pointer: string, problems: string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'string') problems.push(`must be a string [json-pointer:${pointer}]`);
  else if (value.length > max)
    problems.push(`must be less than ${max + 1} characters [json-pointer:${pointer}]`);
}

function checkBlock(block: unknown, pointer: string, problems: string[]): void {
  if (!isObject(block)) {
    problems.push(`must be an object [json-pointer:${pointer}]`);
    return;
  }
  if (typeof block.type !== 'string') {
    problems.push(`missing required field: type [json-pointer:${pointer}]`);
    return;
  }
  checkStringLength(block.block_id, limits.id, `${pointer}/block_id`, problems);
  if (block.type === 'section' && isObject(block.text)) {
    checkTextLength(block.text.text, limits.sectionText, `${pointer}/text`, problems);
  }
  if (block.type === 'header')
    checkTextLength(
      isObject(block.text) ? block.text.text : undefined,
      limits.headerText,
      `${pointer}/text`,
      problems,
    );
  if (block.type === 'input') {
    if (!isObject(block.label)) problems.push(`missing required field: label [json-pointer:${pointer}]`);
    else checkTextLength(block.label.text, limits.inputLabel, `${pointer}/label`, problems);
    if (!isObject(block.element)) problems.push(`missing required field: element [json-pointer:${pointer}]`);
  }
}

/** Checks a `blocks` array of a message (max 50) or a view (max 100). */
export function checkBlocks(
  blocks: unknown,
  options: { pointer: string; max: number },
  problems: string[],
): void {
  if (!Array.isArray(blocks)) {
    problems.push(`must be an array [json-pointer:${options.pointer}]`);
    return;
  }
  if (blocks.length > options.max) {
    problems.push(`no more than ${options.max} items allowed [json-pointer:${options.pointer}]`);
  }
  const seenBlockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const pointer = `${options.pointer}/${index}`;
    checkBlock(block, pointer, problems);
    const blockId = isObject(block) ? block.block_id : undefined;
    if (typeof blockId !== 'string') return;
    if (seenBlockIds.has(blockId))
      problems.push(`duplicate block_id: ${blockId} [json-pointer:${pointer}/block_id]`);
    seenBlockIds.add(blockId);
  });
}

export function hasInputBlock(blocks: unknown): boolean {
  return Array.isArray(blocks) && blocks.some((block) => isObject(block) && block.type === 'input');
}
