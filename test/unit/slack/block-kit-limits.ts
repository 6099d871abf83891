import type { KnownBlock, ModalView } from '@slack/types';
import { blockKitLimits as limits } from '../../../src/block-kit-limits.js';
import { BlockKitLimits } from '../../../src/slack/views/text.js';

/**
 * What Slack would reject in a view or message, against Slack's limits (src/block-kit-limits.ts, the
 * one set the views and the fake Slack use too). It checks more of each block than the fake does
 * (buttons, options, inputs, fields, context and actions elements), for the views' unit tests.
 */

type Json = Record<string, unknown>;

function textOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null
    ? ((value as Json).text as string | undefined)
    : undefined;
}

function checkText(problems: string[], where: string, value: unknown, max: number): void {
  const text = textOf(value);
  if (text === undefined) return;
  if (text.length === 0) problems.push(`${where}: empty text`);
  if (text.length > max) problems.push(`${where}: ${text.length} > ${max} characters`);
}

function checkLength(problems: string[], where: string, value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max) problems.push(`${where}: ${value.length} > ${max}`);
}

function checkElement(problems: string[], where: string, element: Json): void {
  checkLength(problems, `${where}.action_id`, element.action_id, limits.id);
  switch (element.type) {
    case 'button':
      checkText(problems, `${where}.text`, element.text, limits.buttonText);
      checkLength(problems, `${where}.value`, element.value, limits.buttonValue);
      break;
    case 'checkboxes': {
      const options = (element.options as Json[]) ?? [];
      if (options.length === 0 || options.length > limits.checkboxOptions)
        problems.push(`${where}: ${options.length} options`);
      for (const [i, option] of options.entries()) {
        checkText(problems, `${where}.options[${i}].text`, option.text, limits.optionText);
        checkText(
          problems,
          `${where}.options[${i}].description`,
          option.description,
          limits.optionDescription,
        );
        checkLength(problems, `${where}.options[${i}].value`, option.value, limits.optionValue);
      }
      const serialised = new Set(options.map((o) => JSON.stringify(o)));
      for (const initial of (element.initial_options as Json[]) ?? []) {
        if (!serialised.has(JSON.stringify(initial)))
          problems.push(`${where}: initial option not in options`);
      }
      break;
    }
    case 'plain_text_input': {
      checkText(problems, `${where}.placeholder`, element.placeholder, limits.placeholder);
      const min = (element.min_length as number | undefined) ?? 0;
      const max = (element.max_length as number | undefined) ?? limits.plainTextInputLength;
      if (min > limits.plainTextInputLength || max > limits.plainTextInputLength || min > max)
        problems.push(`${where}: min_length ${min}, max_length ${max}`);
      break;
    }
  }
}

function checkBlock(problems: string[], where: string, block: Json): void {
  checkLength(problems, `${where}.block_id`, block.block_id, limits.id);
  switch (block.type) {
    case 'section': {
      checkText(problems, `${where}.text`, block.text, limits.sectionText);
      const fields = (block.fields as Json[] | undefined) ?? [];
      if (fields.length > limits.sectionFields) problems.push(`${where}: ${fields.length} fields`);
      for (const [i, field] of fields.entries())
        checkText(problems, `${where}.fields[${i}]`, field, limits.sectionField);
      if (block.text === undefined && fields.length === 0) problems.push(`${where}: section without text`);
      break;
    }
    case 'header':
      checkText(problems, `${where}.text`, block.text, limits.headerText);
      break;
    case 'context': {
      const elements = block.elements as Json[];
      if (elements.length === 0 || elements.length > limits.contextElements)
        problems.push(`${where}: ${elements.length} elements`);
      for (const [i, e] of elements.entries())
        checkText(problems, `${where}.elements[${i}]`, e, limits.contextElementText);
      break;
    }
    case 'actions': {
      const elements = block.elements as Json[];
      if (elements.length === 0 || elements.length > limits.actionsElements)
        problems.push(`${where}: ${elements.length} elements`);
      for (const [i, e] of elements.entries()) checkElement(problems, `${where}.elements[${i}]`, e);
      break;
    }
    case 'input':
      checkText(problems, `${where}.label`, block.label, limits.inputLabel);
      checkText(problems, `${where}.hint`, block.hint, limits.inputHint);
      checkElement(problems, `${where}.element`, block.element as Json);
      break;
  }
}

export function modalProblems(view: ModalView): string[] {
  const problems: string[] = [];
  checkText(problems, 'title', view.title, limits.modalTitle);
  checkText(problems, 'submit', view.submit, limits.modalButton);
  checkText(problems, 'close', view.close, limits.modalButton);
  checkLength(problems, 'private_metadata', view.private_metadata, limits.privateMetadata);
  checkLength(problems, 'callback_id', view.callback_id, limits.id);
  if (view.blocks.length === 0 || view.blocks.length > limits.modalBlocks)
    problems.push(`${view.blocks.length} blocks`);
  if (view.blocks.some((b) => b.type === 'input') && view.submit === undefined) {
    problems.push('input blocks without a submit button');
  }
  for (const [i, block] of view.blocks.entries())
    checkBlock(problems, `blocks[${i}]`, block as unknown as Json);
  return problems;
}

export function messageProblems(message: { text: string; blocks: KnownBlock[] }): string[] {
  const problems: string[] = [];
  if (message.text.length === 0) problems.push('empty fallback text');
  if (message.text.length > BlockKitLimits.messageText)
    problems.push(`fallback text of ${message.text.length} characters`);
  if (message.blocks.length === 0 || message.blocks.length > limits.messageBlocks)
    problems.push(`${message.blocks.length} blocks`);
  for (const [i, block] of message.blocks.entries())
    checkBlock(problems, `blocks[${i}]`, block as unknown as Json);
  return problems;
}

/** Every piece of text a person would read, joined: for "says X" assertions without snapshots. */
export function allText(value: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        if (key === 'text' && typeof child === 'string') parts.push(child);
        else walk(child);
      }
    }
  };
  walk(value);
  return parts.join('\n');
}
