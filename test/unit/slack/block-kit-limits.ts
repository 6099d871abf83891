import type { KnownBlock, ModalView } from '@slack/types';

/**
 * What Slack would reject in a view or message, written from the Block Kit reference independently
 * of the `BlockKitLimits` the views use, so a wrong constant there is caught here.
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
  checkLength(problems, `${where}.action_id`, element.action_id, 255);
  switch (element.type) {
    case 'button':
      checkText(problems, `${where}.text`, element.text, 75);
      checkLength(problems, `${where}.value`, element.value, 2000);
      break;
    case 'checkboxes': {
      const options = (element.options as Json[]) ?? [];
      if (options.length === 0 || options.length > 10) problems.push(`${where}: ${options.length} options`);
      for (const [i, option] of options.entries()) {
        checkText(problems, `${where}.options[${i}].text`, option.text, 75);
        checkText(problems, `${where}.options[${i}].description`, option.description, 75);
        checkLength(problems, `${where}.options[${i}].value`, option.value, 150);
      }
      const serialised = new Set(options.map((o) => JSON.stringify(o)));
      for (const initial of (element.initial_options as Json[]) ?? []) {
        if (!serialised.has(JSON.stringify(initial)))
          problems.push(`${where}: initial option not in options`);
      }
      break;
    }
    case 'plain_text_input': {
      checkText(problems, `${where}.placeholder`, element.placeholder, 150);
      const min = (element.min_length as number | undefined) ?? 0;
      const max = (element.max_length as number | undefined) ?? 3000;
      if (min > 3000 || max > 3000 || min > max)
        problems.push(`${where}: min_length ${min}, max_length ${max}`);
      break;
    }
  }
}

function checkBlock(problems: string[], where: string, block: Json): void {
  checkLength(problems, `${where}.block_id`, block.block_id, 255);
  switch (block.type) {
    case 'section': {
      checkText(problems, `${where}.text`, block.text, 3000);
      const fields = (block.fields as Json[] | undefined) ?? [];
      if (fields.length > 10) problems.push(`${where}: ${fields.length} fields`);
      for (const [i, field] of fields.entries()) checkText(problems, `${where}.fields[${i}]`, field, 2000);
      if (block.text === undefined && fields.length === 0) problems.push(`${where}: section without text`);
      break;
    }
    case 'header':
      checkText(problems, `${where}.text`, block.text, 150);
      break;
    case 'context': {
      const elements = block.elements as Json[];
      if (elements.length === 0 || elements.length > 10)
        problems.push(`${where}: ${elements.length} elements`);
      for (const [i, e] of elements.entries()) checkText(problems, `${where}.elements[${i}]`, e, 3000);
      break;
    }
    case 'actions': {
      const elements = block.elements as Json[];
      if (elements.length === 0 || elements.length > 25)
        problems.push(`${where}: ${elements.length} elements`);
      for (const [i, e] of elements.entries()) checkElement(problems, `${where}.elements[${i}]`, e);
      break;
    }
    case 'input':
      checkText(problems, `${where}.label`, block.label, 2000);
      checkText(problems, `${where}.hint`, block.hint, 2000);
      checkElement(problems, `${where}.element`, block.element as Json);
      break;
  }
}

export function modalProblems(view: ModalView): string[] {
  const problems: string[] = [];
  checkText(problems, 'title', view.title, 24);
  checkText(problems, 'submit', view.submit, 24);
  checkText(problems, 'close', view.close, 24);
  checkLength(problems, 'private_metadata', view.private_metadata, 3000);
  checkLength(problems, 'callback_id', view.callback_id, 255);
  if (view.blocks.length === 0 || view.blocks.length > 100) problems.push(`${view.blocks.length} blocks`);
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
  if (message.text.length > 4000) problems.push(`fallback text of ${message.text.length} characters`);
  if (message.blocks.length === 0 || message.blocks.length > 50)
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
