import type { BlockElementAction } from '@slack/bolt';
import { findElement } from '../fake-slack/normalize.js';
import { elementAction } from './payloads.js';
import { optionsOf } from './state-values.js';

/**
 * The action a member's touch on an element produces, as Slack describes it in block_actions:
 * the element must be on screen, a button keeps the value the app gave it, and a choice must be
 * one the element offers.
 */
export function touchedElement(
  blocks: readonly unknown[],
  input: { actionId: string; blockId?: string; value?: string; values?: string[] },
  actionTs: string,
): BlockElementAction {
  const target = {
    actionId: input.actionId,
    ...(input.blockId !== undefined && { blockId: input.blockId }),
  };
  const found = findElement(blocks, target);
  if (found === undefined) throw new Error(`no element with action_id ${input.actionId} to act on`);
  const { element } = found;
  if (element.type === 'button' && input.value !== undefined && element.value !== input.value) {
    throw new Error(`button ${input.actionId} has value ${String(element.value)}, not ${input.value}`);
  }
  const chosen =
    element.type === 'button' ? [] : (input.values ?? (input.value === undefined ? [] : [input.value]));
  const selectedOptions = chosen.map((value) => {
    const option = optionsOf(element).find((candidate) => candidate.value === value);
    if (option === undefined) throw new Error(`${input.actionId} offers no option ${value}`);
    return option;
  });
  return elementAction(found, { selectedOptions, actionTs });
}
