import { el } from './dom.js';
import { actionElement, choices, image, select, textObject, textOf, unsupported } from './elements.js';
import { richText } from './rich-text.js';

/**
 * Draws Block Kit generically, from the JSON the bot sent: header, section (text, fields,
 * accessory), divider, context, actions, input, image and rich_text. It knows nothing of this bot's
 * views, so a view added later renders without changing the page; a block or element type it does
 * not know is drawn as a visible placeholder naming the type.
 *
 * ctx: { names(id), act(action) for interactive elements, form (modals: a FormState), errors }.
 */
export function renderBlocks(blocks, ctx) {
  const list = el('div', { class: 'bk-blocks' });
  for (const block of Array.isArray(blocks) ? blocks : []) list.append(renderBlock(block, ctx));
  return list;
}

function renderBlock(block, ctx) {
  const wrap = (...children) =>
    el(
      'div',
      { class: `bk-block bk-${block.type}`, dataset: { blockId: block.block_id ?? '' } },
      ...children,
    );
  switch (block.type) {
    case 'header':
      return wrap(el('h3', {}, textObject(block.text, ctx)));
    case 'section':
      return wrap(section(block, ctx));
    case 'divider':
      return wrap(el('hr'));
    case 'context':
      return wrap(
        ...(block.elements ?? []).map((element) =>
          element.type === 'image' ? image(element) : el('span', {}, textObject(element, ctx)),
        ),
      );
    case 'actions':
      return wrap(...(block.elements ?? []).map((element) => actionElement(element, block, ctx)));
    case 'input':
      return wrap(inputBlock(block, ctx));
    case 'image':
      return wrap(
        image(block),
        block.title ? el('div', { class: 'bk-caption' }, textObject(block.title, ctx)) : null,
      );
    case 'rich_text':
      return wrap(richText(block, ctx));
    default:
      return wrap(unsupported('block', block.type));
  }
}

function section(block, ctx) {
  const body = el('div', { class: 'bk-section-body' });
  if (block.text) body.append(el('div', { class: 'bk-text' }, textObject(block.text, ctx)));
  if (Array.isArray(block.fields)) {
    body.append(
      el(
        'div',
        { class: 'bk-fields' },
        ...block.fields.map((field) => el('div', { class: 'bk-field' }, textObject(field, ctx))),
      ),
    );
  }
  const accessory = block.accessory
    ? el('div', { class: 'bk-accessory' }, actionElement(block.accessory, block, ctx))
    : null;
  return el('div', { class: 'bk-section-row' }, body, accessory);
}

/** An input block: its element keeps what the member entered until the modal is submitted. */
function inputBlock(block, ctx) {
  const element = block.element ?? {};
  const error = ctx.errors?.[block.block_id];
  const errorLine = el('div', { class: 'bk-error', role: 'alert' }, error ?? '');
  const field = ctx.form?.field(block, (message) => {
    errorLine.textContent = message ?? ctx.errors?.[block.block_id] ?? '';
  });
  const control = inputControl(element, ctx, field);
  return el(
    'div',
    { class: `bk-input-block${error ? ' has-error' : ''}` },
    el(
      'div',
      { class: 'bk-label' },
      textOf(block.label),
      block.optional ? el('span', { class: 'bk-optional' }, ' (optional)') : null,
    ),
    control,
    block.hint ? el('div', { class: 'bk-hint' }, textObject(block.hint, ctx)) : null,
    errorLine,
  );
}

function inputControl(element, ctx, field) {
  const remember = (input) => field?.remember(input);
  switch (element.type) {
    case 'plain_text_input': {
      const saved = field?.saved();
      const control = el(element.multiline ? 'textarea' : 'input', {
        class: 'bk-text-input',
        type: element.multiline ? undefined : 'text',
        placeholder: element.placeholder ? textOf(element.placeholder) : undefined,
        maxlength: element.max_length,
        autofocus: element.focus_on_load,
        dataset: { actionId: element.action_id ?? '' },
      });
      control.value = saved?.value ?? element.initial_value ?? '';
      const read = () => ({ type: 'plain_text_input', value: control.value });
      control.addEventListener('input', () => remember(read()));
      field?.reads(read);
      return control;
    }
    case 'checkboxes':
    case 'radio_buttons': {
      const kind = element.type === 'checkboxes' ? 'checkbox' : 'radio';
      const saved = field?.saved();
      const initial =
        saved === undefined ? undefined : kind === 'checkbox' ? saved.values : [saved.value].filter(Boolean);
      let current =
        initial ?? (element.initial_options ?? [element.initial_option]).filter(Boolean).map((o) => o.value);
      const read = () =>
        kind === 'checkbox'
          ? { type: 'checkboxes', values: current }
          : { type: 'radio_buttons', value: current[0] ?? null };
      field?.reads(read);
      return choices(element, ctx, {
        kind,
        initial,
        onChange: (values) => {
          current = values;
          remember(read());
        },
      });
    }
    case 'static_select': {
      const saved = field?.saved();
      let current = saved?.value ?? element.initial_option?.value ?? null;
      const read = () => ({ type: 'static_select', value: current });
      field?.reads(read);
      return select(element, ctx, {
        initial: current ?? '',
        onChoose: (value) => {
          current = value;
          remember(read());
        },
      });
    }
    case 'users_select': {
      const saved = field?.saved();
      let current = saved?.value ?? element.initial_user ?? null;
      const read = () => ({ type: 'users_select', value: current });
      field?.reads(read);
      const members = (ctx.members ?? []).map((m) => ({ text: { text: `@${m.name}` }, value: m.slackId }));
      return select({ ...element, options: members }, ctx, {
        initial: current ?? '',
        onChoose: (value) => {
          current = value;
          remember(read());
        },
      });
    }
    default:
      return unsupported('input element', element.type);
  }
}
