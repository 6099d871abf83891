import { postJson } from './api.js';
import { renderBlocks } from './block-kit.js';
import { el, fill } from './dom.js';
import { textOf } from './elements.js';
import { FormState } from './form.js';

/**
 * The member's open modal, as Slack draws it: the top view of the stack (a back arrow when views
 * were pushed), errors from `response_action: errors` under their inputs, Slack's own "trouble
 * connecting" when it could not use the app's answer, and Cancel / Submit. Every click goes to the
 * bot through the sandbox as a signed interaction.
 */
let shownKey = '';

export function renderModal(root, state, app) {
  const layers = state.modal ?? [];
  const top = layers.at(-1);
  const trouble = top ? state.troubles?.[top.id] : undefined;
  const key = top
    ? JSON.stringify([
        app.persona,
        state.generation,
        top.id,
        top.hash,
        top.errors,
        trouble?.at,
        layers.length,
      ])
    : '';
  if (key === shownKey) return;
  shownKey = key;
  if (top === undefined) {
    fill(root);
    return;
  }
  const form = new FormState(`${state.generation}/${top.id}`);
  const problem = el('div', { class: 'modal-problem', role: 'alert', hidden: true });
  const showProblem = (text) => {
    problem.hidden = !text;
    problem.textContent = text ?? '';
  };
  const act = (action) =>
    app
      .send('/api/action', { ...action, source: { viewId: top.id, inputs: form.inputs() } })
      .then(showProblem);
  const close = () => app.send('/api/close', { viewId: top.id }).then(showProblem);
  const body = renderBlocks(top.blocks, {
    names: app.names,
    members: app.cast.personas,
    act,
    form,
    errors: top.errors,
  });

  const submit = top.submit
    ? el(
        'button',
        { class: 'bk-button primary', type: 'submit', dataset: { role: 'submit' } },
        textOf(top.submit),
      )
    : null;
  const dialog = el(
    'form',
    {
      class: 'modal',
      role: 'dialog',
      dataset: { viewId: top.id },
      'aria-modal': 'true',
      'aria-label': textOf(top.title),
      onsubmit: async (event) => {
        event.preventDefault();
        if (!form.validate()) return;
        submit.disabled = true;
        submit.classList.add('busy');
        const problemText = await app.send('/api/submit', { viewId: top.id, inputs: form.inputs() });
        submit.disabled = false;
        submit.classList.remove('busy');
        showProblem(problemText);
      },
    },
    el(
      'header',
      { class: 'modal-header' },
      layers.length > 1
        ? el('button', { type: 'button', class: 'modal-back', title: 'Back', onclick: close }, '←')
        : null,
      el('h2', {}, textOf(top.title)),
      el('button', { type: 'button', class: 'modal-x', title: 'Close', onclick: close }, '×'),
    ),
    trouble
      ? el(
          'div',
          { class: 'modal-trouble', role: 'alert' },
          trouble.text,
          trouble.detail
            ? el(
                'details',
                {},
                el('summary', {}, 'What Slack got from the app'),
                el('pre', {}, trouble.detail),
              )
            : null,
        )
      : null,
    problem,
    el('div', { class: 'modal-body' }, body),
    el(
      'footer',
      { class: 'modal-footer' },
      el('button', { type: 'button', class: 'bk-button', onclick: close }, textOf(top.close) || 'Cancel'),
      submit,
    ),
  );
  fill(root, el('div', { class: 'modal-backdrop' }, dialog));
  dialog.querySelector('[autofocus]')?.focus();
}

/** Posts an interaction as the current member; resolves with the refusal to show, if any. */
export async function sendInteraction(app, path, body) {
  const answer = await postJson(path, { ...body, as: app.persona, staleTrigger: app.takeStaleTrigger() });
  return answer.ok ? undefined : (answer.body.error ?? `The sandbox answered ${answer.status}.`);
}
