/**
 * The one Block Kit checker: the rules the fake enforces, and the ones the views' unit tests hold
 * the bot's views to, with Slack's limits (src/block-kit-limits.ts) and the shape of its complaints:
 * `<problem> [json-pointer:<where>]`, sent back as `[ERROR] ...` lines in `response_metadata.messages`.
 * It is deliberately not the whole of Block Kit: these are the limits a bot like ours can plausibly break
 * (counts, text lengths, ids, options, inputs), each one documented by Slack.
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

/** A text object's `text` (plain_text or mrkdwn), when the object is there at all. */
function checkOptionalText(value: unknown, max: number, pointer: string, problems: string[]): void {
  if (value === undefined) return;
  checkTextLength(isObject(value) ? value.text : undefined, max, pointer, problems);
}

function checkCount(items: unknown, max: number, pointer: string, problems: string[]): readonly unknown[] {
  if (!Array.isArray(items)) {
    problems.push(`must be an array [json-pointer:${pointer}]`);
    return [];
  }
  if (items.length === 0) problems.push(`must provide at least 1 item [json-pointer:${pointer}]`);
  if (items.length > max) problems.push(`no more than ${max} items allowed [json-pointer:${pointer}]`);
  return items;
}

function checkElement(element: unknown, pointer: string, problems: string[]): void {
  if (!isObject(element)) {
    problems.push(`must be an object [json-pointer:${pointer}]`);
    return;
  }
  checkStringLength(element.action_id, limits.id, `${pointer}/action_id`, problems);
  if (element.type === 'button') {
    checkTextLength(
      isObject(element.text) ? element.text.text : undefined,
      limits.buttonText,
      `${pointer}/text`,
      problems,
    );
    checkStringLength(element.value, limits.buttonValue, `${pointer}/value`, problems);
  }
  if (element.type === 'checkboxes') {
    const options = checkCount(element.options, limits.checkboxOptions, `${pointer}/options`, problems);
    for (const [index, option] of options.entries()) {
      const at = `${pointer}/options/${index}`;
      if (!isObject(option)) {
        problems.push(`must be an object [json-pointer:${at}]`);
        continue;
      }
      checkTextLength(
        isObject(option.text) ? option.text.text : undefined,
        limits.optionText,
        `${at}/text`,
        problems,
      );
      checkOptionalText(option.description, limits.optionDescription, `${at}/description`, problems);
      checkStringLength(option.value, limits.optionValue, `${at}/value`, problems);
    }
    const offered = new Set(options.map((option) => JSON.stringify(option)));
    const initial = Array.isArray(element.initial_options) ? element.initial_options : [];
    initial.forEach((option, index) => {
      if (!offered.has(JSON.stringify(option)))
        problems.push(`must match one of the options [json-pointer:${pointer}/initial_options/${index}]`);
    });
  }
  if (element.type === 'plain_text_input') {
    checkOptionalText(element.placeholder, limits.placeholder, `${pointer}/placeholder`, problems);
    const max = limits.plainTextInputLength;
    for (const key of ['min_length', 'max_length'] as const) {
      const length = element[key];
      if (typeof length === 'number' && length > max)
        problems.push(`must be no larger than ${max} [json-pointer:${pointer}/${key}]`);
    }
    if (
      typeof element.min_length === 'number' &&
      typeof element.max_length === 'number' &&
      element.min_length > element.max_length
    )
      problems.push(`min_length must not exceed max_length [json-pointer:${pointer}/min_length]`);
  }
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
  if (block.type === 'section') {
    checkOptionalText(block.text, limits.sectionText, `${pointer}/text`, problems);
    if (block.fields !== undefined) {
      const fields = checkCount(block.fields, limits.sectionFields, `${pointer}/fields`, problems);
      for (const [index, field] of fields.entries()) {
        checkTextLength(
          isObject(field) ? field.text : undefined,
          limits.sectionField,
          `${pointer}/fields/${index}`,
          problems,
        );
      }
    }
    if (block.text === undefined && block.fields === undefined)
      problems.push(`must provide text or fields [json-pointer:${pointer}]`);
  }
  if (block.type === 'header')
    checkTextLength(
      isObject(block.text) ? block.text.text : undefined,
      limits.headerText,
      `${pointer}/text`,
      problems,
    );
  if (block.type === 'context') {
    const elements = checkCount(block.elements, limits.contextElements, `${pointer}/elements`, problems);
    elements.forEach((element, index) => {
      // Images carry no text; text objects do.
      if (isObject(element) && element.type !== 'image')
        checkTextLength(element.text, limits.contextElementText, `${pointer}/elements/${index}`, problems);
    });
  }
  if (block.type === 'actions') {
    const elements = checkCount(block.elements, limits.actionsElements, `${pointer}/elements`, problems);
    for (const [index, element] of elements.entries())
      checkElement(element, `${pointer}/elements/${index}`, problems);
  }
  if (block.type === 'input') {
    if (!isObject(block.label)) problems.push(`missing required field: label [json-pointer:${pointer}]`);
    else checkTextLength(block.label.text, limits.inputLabel, `${pointer}/label`, problems);
    checkOptionalText(block.hint, limits.inputHint, `${pointer}/hint`, problems);
    if (!isObject(block.element)) problems.push(`missing required field: element [json-pointer:${pointer}]`);
    else checkElement(block.element, `${pointer}/element`, problems);
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
