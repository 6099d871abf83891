import type { ViewOutput, ViewStateSelectedOption, ViewStateValue } from '@slack/bolt';

/** What a user entered in one input element, before it is put in Slack's `state.values` shape. */
export type UserInput =
  | { type: 'plain_text_input'; value: string }
  | { type: 'checkboxes'; values: string[] }
  | { type: 'static_select'; value: string | null }
  | { type: 'radio_buttons'; value: string | null }
  | { type: 'users_select'; value: string | null };

/** block_id → action_id → what the user entered there. */
export type UserInputs = Record<string, Record<string, UserInput>>;

export type StateValues = ViewOutput['state']['values'];

export const typed = (value: string): UserInput => ({ type: 'plain_text_input', value });
export const ticked = (...values: string[]): UserInput => ({ type: 'checkboxes', values });
export const selected = (value: string | null): UserInput => ({ type: 'static_select', value });
export const chosen = (value: string | null): UserInput => ({ type: 'radio_buttons', value });
export const pickedUser = (userId: string | null): UserInput => ({ type: 'users_select', value: userId });

type Json = Record<string, unknown>;

const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** The options a select or checkbox group offers, option groups flattened. */
export function optionsOf(element: Json): Json[] {
  const groups = Array.isArray(element.option_groups) ? element.option_groups.filter(isJson) : [];
  const grouped = groups.flatMap((group) => (Array.isArray(group.options) ? group.options : []));
  return [...(Array.isArray(element.options) ? element.options : []), ...grouped].filter(isJson);
}

/** Every option of the input `blockId` of `view` ticked: a person who ticks all a form offers. */
export function tickedAll(view: Pick<ViewOutput, 'blocks'>, blockId: string): UserInput {
  const block = (view.blocks as unknown[]).filter(isJson).find((candidate) => candidate.block_id === blockId);
  if (block === undefined || !isJson(block.element))
    throw new Error(`the view has no input block ${blockId}`);
  return ticked(...optionsOf(block.element).map((option) => String(option.value)));
}

function pickOptions(element: Json, values: readonly string[], where: string): ViewStateSelectedOption[] {
  const options = optionsOf(element);
  return values.map((value) => {
    const option = options.find((candidate) => candidate.value === value);
    if (option === undefined) throw new Error(`${where} has no option with value "${value}"`);
    // Checkbox options may carry mrkdwn text; Slack echoes the option object as the view defined it.
    return structuredClone(option) as unknown as ViewStateSelectedOption;
  });
}

function labelOf(block: Json): string {
  return isJson(block.label) && typeof block.label.text === 'string'
    ? block.label.text
    : String(block.block_id);
}

/**
 * Slack's state value for one element: what the user entered; for an element the user left alone,
 * its initial value (`initial_value`, `initial_options`, `initial_option`), else the empty value.
 */
function stateValue(element: Json, input: UserInput | undefined, where: string): ViewStateValue {
  const type = String(element.type);
  if (input !== undefined && input.type !== type) {
    throw new Error(`${where} is a ${type}, but the input is a ${input.type}`);
  }
  switch (type) {
    case 'plain_text_input': {
      const initial = typeof element.initial_value === 'string' ? element.initial_value : '';
      const entered = input?.type === 'plain_text_input' ? input.value : initial;
      const value = entered !== '' ? entered : null;
      const max = typeof element.max_length === 'number' ? element.max_length : Number.POSITIVE_INFINITY;
      const min = typeof element.min_length === 'number' ? element.min_length : 0;
      if (value !== null && (value.length > max || value.length < min)) {
        throw new Error(`${where} accepts ${min}–${max} characters; Slack would not submit ${value.length}`);
      }
      return { type, value };
    }
    case 'checkboxes': {
      const initial = Array.isArray(element.initial_options)
        ? element.initial_options.filter(isJson).map((option) => String(option.value))
        : [];
      return {
        type,
        selected_options: pickOptions(element, input?.type === 'checkboxes' ? input.values : initial, where),
      };
    }
    case 'static_select':
    case 'radio_buttons': {
      const initial = isJson(element.initial_option) ? String(element.initial_option.value) : null;
      const value = input?.type === type && 'value' in input ? input.value : initial;
      return {
        type,
        selected_option: value === null ? null : (pickOptions(element, [value], where)[0] ?? null),
      };
    }
    case 'users_select': {
      const initial = typeof element.initial_user === 'string' ? element.initial_user : null;
      const picked = input?.type === 'users_select' ? input.value : initial;
      return { type, selected_user: picked } as ViewStateValue;
    }
    default:
      if (input !== undefined) throw new Error(`${where}: the driver cannot fill a ${type} yet`);
      return { type };
  }
}

function isEmpty(value: ViewStateValue): boolean {
  return (
    (value.value ?? null) === null &&
    (value.selected_option ?? null) === null &&
    (value.selected_options ?? []).length === 0 &&
    ((value as { selected_user?: string | null }).selected_user ?? null) === null
  );
}

/**
 * Builds `view.state.values` as Slack sends it: every input block of the view, keyed by block_id and
 * action_id, with what the user entered or the element's empty value. Throws where Slack's client would
 * not let the user submit: unknown block/action ids, options the element does not offer, a required input
 * left empty (when `requireFilled`), a text outside min/max length.
 */
export function buildStateValues(
  view: Pick<ViewOutput, 'blocks'>,
  inputs: UserInputs,
  options: { requireFilled: boolean },
): StateValues {
  const values: StateValues = {};
  const unused = new Set(
    Object.entries(inputs).flatMap(([blockId, actions]) =>
      Object.keys(actions).map((id) => `${blockId}/${id}`),
    ),
  );
  for (const block of (view.blocks as unknown[]).filter(isJson)) {
    if (block.type !== 'input' || !isJson(block.element)) continue;
    const blockId = String(block.block_id);
    const actionId = String(block.element.action_id);
    const where = `input "${labelOf(block)}" (${blockId}/${actionId})`;
    unused.delete(`${blockId}/${actionId}`);
    const value = stateValue(block.element, inputs[blockId]?.[actionId], where);
    if (options.requireFilled && block.optional !== true && isEmpty(value)) {
      throw new Error(`Slack would not submit: ${where} is required`);
    }
    values[blockId] = { ...values[blockId], [actionId]: value };
  }
  if (unused.size > 0) throw new Error(`the view has no input block/action ${[...unused].join(', ')}`);
  return values;
}
