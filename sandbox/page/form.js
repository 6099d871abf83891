/**
 * The input blocks of one modal view: what the member entered, kept across redraws of the same
 * view (Slack keeps entries when a view is updated with the same block_id and action_id), checked
 * as Slack's client checks before it submits, and handed over as the driver's `inputs`.
 */
const entered = new Map();

export class FormState {
  constructor(viewId) {
    this.viewId = viewId;
    this.fields = [];
  }

  /** Registers an input block; `showError(message)` shows or clears the line under it. */
  field(block, showError) {
    const actionId = block.element?.action_id;
    const key = `${this.viewId}/${block.block_id}/${actionId}`;
    const entry = { block, actionId, read: undefined, showError };
    this.fields.push(entry);
    return {
      saved: () => entered.get(key),
      remember: (value) => {
        entered.set(key, value);
        showError(undefined);
      },
      reads: (read) => {
        entry.read = read;
      },
    };
  }

  /** `{ blockId: { actionId: input } }` for every input the page can fill. */
  inputs() {
    const inputs = {};
    for (const { block, actionId, read } of this.fields) {
      if (read === undefined || actionId === undefined) continue;
      inputs[block.block_id] = { ...inputs[block.block_id], [actionId]: read() };
    }
    return inputs;
  }

  /** What Slack's client refuses to submit: required fields left empty, text under min_length. */
  validate() {
    let valid = true;
    for (const { block, read, showError } of this.fields) {
      if (read === undefined) continue;
      const value = read();
      const empty =
        (value.type === 'plain_text_input' && value.value.trim() === '') ||
        (value.type === 'checkboxes' && value.values.length === 0) ||
        (['static_select', 'radio_buttons', 'users_select'].includes(value.type) && !value.value);
      const min = block.element?.min_length;
      let problem;
      if (empty && !block.optional) problem = 'Please complete this required field.';
      else if (!empty && value.type === 'plain_text_input' && min !== undefined && value.value.length < min) {
        problem = `Please enter at least ${min} characters.`;
      }
      if (problem !== undefined) {
        showError(problem);
        valid = false;
      }
    }
    return valid;
  }
}
