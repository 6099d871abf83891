import { el } from './dom.js';
import { emojiImage, emojiNodes, withEmoji } from './emoji.js';
import { mrkdwn } from './mrkdwn.js';

/**
 * Block Kit elements and text objects. Interactive elements call `ctx.act(action)` the way Slack
 * sends a block_actions payload, except inside input blocks, where they only hold state for the
 * submission (`ctx.form`). A type this page does not know is drawn as a visible placeholder.
 */
export function textObject(object, ctx) {
  if (typeof object !== 'object' || object === null) return '';
  if (object.type === 'mrkdwn') return mrkdwn(object.text ?? '', ctx.names);
  if (object.type === 'plain_text')
    return object.emoji === false ? String(object.text ?? '') : emojiNodes(String(object.text ?? ''));
  return unsupported('text object', object.type);
}

export function unsupported(what, type) {
  return el(
    'span',
    { class: 'bk-unsupported', title: 'The sandbox page cannot draw this yet' },
    `[${what}: ${type ?? '?'}]`,
  );
}

const options = (element) => [
  ...(element.options ?? []).map((option) => ({ option })),
  ...(element.option_groups ?? []).flatMap((group) =>
    (group.options ?? []).map((option) => ({ option, group })),
  ),
];

/** An element outside input blocks (actions blocks, section accessories): it acts when touched. */
export function actionElement(element, block, ctx) {
  const base = { actionId: element.action_id, blockId: block.block_id };
  switch (element.type) {
    case 'button':
      return button(element, ctx, base);
    case 'static_select':
    case 'overflow':
      return select(element, ctx, {
        onChoose: (value) => ctx.act({ ...base, value }),
        overflow: element.type === 'overflow',
      });
    case 'checkboxes':
      return choices(element, ctx, { kind: 'checkbox', onChange: (values) => ctx.act({ ...base, values }) });
    case 'radio_buttons':
      return choices(element, ctx, { kind: 'radio', onChange: ([value]) => ctx.act({ ...base, value }) });
    case 'image':
      return image(element);
    default:
      return unsupported('element', element.type);
  }
}

function button(element, ctx, base) {
  const style = element.style === 'primary' || element.style === 'danger' ? element.style : '';
  return el(
    'button',
    {
      class: `bk-button ${style}`,
      type: 'button',
      dataset: { actionId: element.action_id ?? '' },
      onclick: async () => {
        if (element.confirm && !(await confirmDialog(element.confirm, ctx))) return;
        if (typeof element.url === 'string' && /^https?:/i.test(element.url)) {
          window.open(element.url, '_blank', 'noopener,noreferrer');
        }
        ctx.act({ ...base, ...(element.value !== undefined && { value: element.value }) });
      },
    },
    textObject(element.text, ctx),
  );
}

export function select(element, _ctx, { onChoose, overflow = false, initial }) {
  const list = el('select', { class: overflow ? 'bk-overflow' : 'bk-select' });
  const placeholder = overflow ? '⋯' : element.placeholder ? textOf(element.placeholder) : 'Select an option';
  list.append(el('option', { value: '', disabled: true }, placeholder));
  const groups = new Map();
  for (const { option, group } of options(element)) {
    const item = el('option', { value: option.value }, textOf(option.text));
    if (group === undefined) list.append(item);
    else {
      if (!groups.has(group))
        list.append(groups.set(group, el('optgroup', { label: textOf(group.label) })).get(group));
      groups.get(group).append(item);
    }
  }
  list.value = initial ?? element.initial_option?.value ?? '';
  list.addEventListener('change', () => onChoose(list.value));
  return list;
}

export function choices(element, ctx, { kind, onChange, initial }) {
  const name = `${element.action_id}-${Math.random().toString(36).slice(2)}`;
  const chosen = new Set(
    initial ?? (element.initial_options ?? [element.initial_option]).filter(Boolean).map((o) => o.value),
  );
  const group = el('div', { class: `bk-choices ${kind}` });
  for (const { option } of options(element)) {
    const input = el('input', { type: kind, name, value: option.value, checked: chosen.has(option.value) });
    input.addEventListener('change', () => {
      const values = [...group.querySelectorAll('input')]
        .filter((box) => box.checked)
        .map((box) => box.value);
      onChange(values);
    });
    group.append(
      el(
        'label',
        { class: 'bk-choice' },
        input,
        el(
          'span',
          {},
          textObject(option.text, ctx),
          option.description ? el('small', {}, textObject(option.description, ctx)) : null,
        ),
      ),
    );
  }
  return group;
}

export function image(element) {
  // Nothing is loaded from elsewhere: the sandbox page never reaches beyond this machine.
  return el(
    'span',
    { class: 'bk-image', title: element.image_url ?? '' },
    emojiImage('frame_with_picture'),
    ` ${element.alt_text ?? 'image'}`,
  );
}

export function textOf(object) {
  return typeof object === 'object' && object !== null ? withEmoji(String(object.text ?? '')) : '';
}

/** Slack's confirmation dialog for elements that carry a `confirm` object. */
function confirmDialog(confirm, ctx) {
  return new Promise((resolve) => {
    const dialog = el(
      'dialog',
      { class: 'bk-confirm' },
      el('h3', {}, textOf(confirm.title) || 'Are you sure?'),
      el('div', {}, textObject(confirm.text, ctx)),
    );
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(
      el(
        'div',
        { class: 'bk-confirm-buttons' },
        el(
          'button',
          { type: 'button', class: 'bk-button', onclick: () => done(false) },
          textOf(confirm.deny) || 'Cancel',
        ),
        el(
          'button',
          {
            type: 'button',
            class: `bk-button ${confirm.style === 'danger' ? 'danger' : 'primary'}`,
            onclick: () => done(true),
          },
          textOf(confirm.confirm) || 'Yes',
        ),
      ),
    );
    dialog.addEventListener('cancel', () => done(false));
    document.body.append(dialog);
    dialog.showModal();
  });
}
