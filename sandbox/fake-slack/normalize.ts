import type { ViewOutput } from '@slack/bolt';
import { isObject, type JsonObject } from './block-rules.js';
import type { SlackIds } from './ids.js';
import type { BotIdentity } from './workspace.js';

/** Elements that carry an action_id, wherever a block holds them. */
function elementsOf(block: JsonObject): JsonObject[] {
  const elements: unknown[] = [];
  if (Array.isArray(block.elements) && block.type === 'actions') elements.push(...block.elements);
  if (block.accessory !== undefined) elements.push(block.accessory);
  if (block.element !== undefined) elements.push(block.element);
  return elements.filter(isObject);
}

/**
 * Slack fills in the block_id (and action_id) of blocks that have none, and echoes them in interaction
 * payloads; doing the same lets the driver click a button or fill an input the app did not name.
 */
export function withGeneratedIds(blocks: unknown, ids: SlackIds): JsonObject[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.filter(isObject).map((block) => {
    const copy: JsonObject = structuredClone(block);
    if (typeof copy.block_id !== 'string') copy.block_id = ids.generatedBlockId();
    for (const element of elementsOf(copy)) {
      if (typeof element.action_id !== 'string' && element.type !== undefined)
        element.action_id = ids.generatedBlockId();
    }
    return copy;
  });
}

/** Block Kit elements by action_id within the blocks of a message or view, with their block. */
export function findElement(
  blocks: readonly unknown[],
  target: { actionId: string; blockId?: string },
): { block: JsonObject; element: JsonObject } | undefined {
  for (const block of blocks.filter(isObject)) {
    if (target.blockId !== undefined && block.block_id !== target.blockId) continue;
    const element = elementsOf(block).find((candidate) => candidate.action_id === target.actionId);
    if (element !== undefined) return { block, element };
  }
  return undefined;
}

/** The view object Slack returns from views.* and sends back in view payloads. */
export function viewOutput(
  input: JsonObject,
  context: {
    id: string;
    hash: string;
    rootViewId: string | null;
    previousViewId: string | null;
    identity: BotIdentity;
    ids: SlackIds;
  },
): ViewOutput {
  const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
  const output = {
    id: context.id,
    team_id: context.identity.teamId,
    type: text(input.type, 'modal'),
    blocks: withGeneratedIds(input.blocks, context.ids),
    private_metadata: text(input.private_metadata, ''),
    callback_id: text(input.callback_id, ''),
    state: { values: {} },
    hash: context.hash,
    title: input.title,
    clear_on_close: input.clear_on_close === true,
    notify_on_close: input.notify_on_close === true,
    close: input.close ?? null,
    submit: input.submit ?? null,
    previous_view_id: context.previousViewId,
    root_view_id: context.rootViewId,
    app_id: context.identity.appId,
    external_id: text(input.external_id, ''),
    app_installed_team_id: context.identity.teamId,
    bot_id: context.identity.botId,
  };
  // The input passed modalViewProblems/homeViewProblems, so its title/close/submit have Slack's shape.
  return output as unknown as ViewOutput;
}
