import { getJson, postJson } from './api.js';
import { renderBlocks } from './block-kit.js';
import { renderConversation } from './conversation.js';
import { $, el, fill } from './dom.js';
import { renderModal, sendInteraction } from './modal.js';
import { panels } from './panels.js';

/**
 * The page that stands in for Slack. It keeps little state of its own (who you are, where you
 * look); everything else comes from the sandbox, fetched again whenever its event stream says
 * something changed.
 */
const app = {
  cast: undefined,
  state: undefined,
  persona: new URLSearchParams(location.search).get('as') ?? 'U0ALICE',
  place: { kind: 'channel', id: undefined },
  panel: 'authenticator',
  staleTrigger: false,
  seenRefusals: new Set(),
  names: (id) =>
    app.cast?.personas.find((p) => p.slackId === id)?.name ??
    (id === app.cast?.botUserId ? app.cast?.appName : id),
  takeStaleTrigger() {
    const stale = app.staleTrigger;
    app.staleTrigger = false;
    $('#stale-trigger').checked = false;
    return stale;
  },
  send: (path, body) => sendInteraction(app, path, body),
  toastError: (text) => text && toast(text, 'error'),
};

function toast(text, kind = 'info') {
  const node = el('div', { class: `toast ${kind}`, role: 'status' }, text);
  $('#toasts').append(node);
  setTimeout(() => node.remove(), 6000);
}

/** Refreshes may overlap (one per event); only the latest one asked for is drawn, never an older one. */
let latestRefresh = 0;

async function refresh() {
  const asked = ++latestRefresh;
  const { ok, body } = await getJson(`/api/state?as=${encodeURIComponent(app.persona)}`);
  if (!ok || asked !== latestRefresh) return;
  app.state = body;
  for (const call of body.apiLog.filter((c) => !c.ok)) {
    const key = `${call.at}/${call.method}/${call.error}`;
    if (!app.seenRefusals.has(key)) toast(`Slack refused the bot’s ${call.method}: ${call.error}`, 'error');
    app.seenRefusals.add(key);
  }
  draw();
  renderModal($('#modal-root'), body, app);
  loadPanel();
}

function draw() {
  const { state, cast } = app;
  const dm = state.conversations.find((c) => c.kind === 'dm');
  const me = cast.personas.find((p) => p.slackId === app.persona);
  fill(
    $('#sidebar'),
    me
      ? el(
          'div',
          { class: 'whoami' },
          el('strong', {}, `@${me.name}`),
          ` · ${me.role}`,
          el('div', {}, me.about),
        )
      : null,
    el('div', { class: 'sidebar-title' }, 'Channels'),
    ...state.conversations
      .filter((c) => c.kind === 'channel')
      .map((c) => navItem(`# ${c.name}`, { kind: 'channel', id: c.id })),
    el('div', { class: 'sidebar-title' }, 'Apps'),
    navItem(cast.appName, { kind: 'home', id: dm.id }, ['home', 'messages']),
  );
  const main = $('#conversation');
  if (app.place.kind === 'channel') {
    const conversation = state.conversations.find((c) => c.id === app.place.id) ?? state.conversations[0];
    fill(
      main,
      el('h1', { class: 'conversation-title' }, `# ${conversation.name}`),
      renderConversation(conversation, state, app),
      composer(conversation.id, false),
    );
  } else {
    const tabs = el(
      'div',
      { class: 'app-tabs' },
      ...['home', 'messages'].map((tab) =>
        el(
          'button',
          {
            type: 'button',
            class: app.place.kind === tab ? 'active' : '',
            onclick: () => go({ kind: tab, id: dm.id }),
          },
          tab === 'home' ? 'Home' : 'Messages',
        ),
      ),
    );
    const content =
      app.place.kind === 'home'
        ? state.home
          ? el(
              'div',
              { class: 'home' },
              renderBlocks(state.home.blocks, { names: app.names, act: homeAction }),
            )
          : el('p', { class: 'empty' }, 'Opening the Home tab…')
        : [renderConversation(dm, state, app), composer(dm.id, cast.messagesTabReadOnly)];
    fill(main, el('h1', { class: 'conversation-title' }, cast.appName), tabs, content);
  }
  main.querySelector('.messages')?.lastElementChild?.scrollIntoView({ block: 'end' });
}

const homeAction = (action) =>
  app.send('/api/action', { ...action, source: { home: true } }).then(app.toastError);

function navItem(label, place, kinds = [place.kind]) {
  const active = kinds.includes(app.place.kind) && (place.kind !== 'channel' || app.place.id === place.id);
  return el(
    'button',
    { type: 'button', class: `nav-item${active ? ' active' : ''}`, onclick: () => go(place) },
    label,
  );
}

/** Opening the Home tab sends app_home_opened, as Slack does every time. */
function go(place) {
  app.place = place;
  if (place.kind === 'home') app.send('/api/home', { tab: 'home' }).then(app.toastError);
  draw();
}

function composer(channel, readOnly) {
  if (readOnly)
    return el('div', { class: 'composer read-only' }, 'Sending messages to this app has been turned off.');
  const hint = app.cast.commands.map((c) => `${c.command} ${c.usageHint}`.trim()).join(' · ');
  const input = el('input', {
    type: 'text',
    id: 'composer-input',
    placeholder: hint,
    autocomplete: 'off',
    'aria-label': 'Message or slash command',
  });
  return el(
    'form',
    {
      class: 'composer',
      onsubmit: async (event) => {
        event.preventDefault();
        const text = input.value;
        if (text.trim() === '') return;
        input.value = '';
        app.toastError(await app.send('/api/command', { channel, text }));
      },
    },
    input,
    el('button', { type: 'submit', class: 'bk-button primary' }, 'Send'),
  );
}

async function loadPanel() {
  const id = app.panel;
  const panel = panels[id];
  fill(
    $('#tool-tabs'),
    ...Object.entries(panels).map(([id, p]) =>
      el(
        'button',
        {
          type: 'button',
          class: id === app.panel ? 'active' : '',
          dataset: { panel: id },
          onclick: () => {
            app.panel = id;
            loadPanel();
          },
        },
        p.title,
      ),
    ),
  );
  // A panel draws after a fetch, and the authenticator on its own timer: each asks whether it is
  // still the one shown, so one chosen meanwhile is never drawn over.
  await panel.load($('#tool-panel'), app, () => app.panel === id);
}

async function start() {
  app.cast = (await getJson('/api/cast')).body;
  app.place.id = app.cast.approvalsChannel;
  const picker = $('#persona');
  for (const role of ['requester', 'approver', 'auditor', 'help desk']) {
    const label = role === 'help desk' ? 'Help desk' : `${role[0].toUpperCase()}${role.slice(1)}s`;
    const group = el('optgroup', { label });
    for (const p of app.cast.personas.filter((person) => person.role === role)) {
      group.append(el('option', { value: p.slackId, title: p.about }, `${p.name} (${p.role})`));
    }
    picker.append(group);
  }
  picker.value = app.persona;
  picker.addEventListener('change', () => {
    app.persona = picker.value;
    history.replaceState(null, '', `?as=${app.persona}`);
    if (app.place.kind === 'home') go(app.place);
    refresh();
  });
  $('#stale-trigger').addEventListener('change', (event) => {
    app.staleTrigger = event.target.checked;
  });
  setUpReset();
  new EventSource('/api/events').addEventListener('message', () => refresh());
  await refresh();
}

function setUpReset() {
  const button = $('#reset');
  let armed;
  button.addEventListener('click', async () => {
    if (!armed) {
      button.textContent = 'Click again to reset';
      armed = setTimeout(() => {
        armed = undefined;
        button.textContent = 'Reset the sandbox';
      }, 4000);
      return;
    }
    clearTimeout(armed);
    armed = undefined;
    button.disabled = true;
    button.textContent = 'Resetting…';
    const answer = await postJson('/api/reset');
    button.disabled = false;
    button.textContent = 'Reset the sandbox';
    toast(
      answer.ok ? 'The sandbox is back to its demo state.' : `Reset failed: ${answer.body.error}`,
      answer.ok ? 'info' : 'error',
    );
  });
}

start();
