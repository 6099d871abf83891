import { getJson, postJson } from './api.js';
import { clock, el, fill } from './dom.js';

const seconds = (at) => new Date(at).toLocaleTimeString([], { hour12: false });

/**
 * The tools beside the workspace: each approver's authenticator, the audit trail with `audit
 * verify` one click away, the IAM users and their devices, the bot's Slack Web API calls (Slack's
 * refusals in red) and the bot's log. Each panel reloads when the sandbox reports a change, and
 * draws only while it is the one shown (`shown()`): the panel area belongs to the chosen tab.
 */
export const panels = {
  authenticator: { title: 'Authenticator', load: loadAuthenticator },
  audit: { title: 'Audit trail', load: loadAudit },
  account: { title: 'AWS account', load: loadAccount },
  slack: { title: 'Slack API', load: async (root, app) => drawApiLog(root, app.state?.apiLog ?? []) },
  log: { title: 'Bot log', load: loadBotLog },
};

let authenticatorTimer;

async function loadAuthenticator(root, app, shown) {
  const { body } = await getJson('/api/authenticator');
  if (!shown()) return;
  const offset = body.now - Date.now();
  const cards = body.entries.map((entry) => {
    const code = `${entry.code.slice(0, 3)} ${entry.code.slice(3)}`;
    const mine = entry.approver.slackId === app.persona;
    return {
      entry,
      seconds: el('span', { class: 'countdown' }),
      bar: el('span', { class: 'bar' }),
      node: undefined,
      code,
      mine,
    };
  });
  fill(
    root,
    el(
      'p',
      { class: 'panel-intro' },
      'Each approver’s own virtual MFA device on the bot’s IAM user, as their phone would show it.',
    ),
    ...cards.map((card) => {
      card.node = el(
        'div',
        { class: `otp${card.mine ? ' mine' : ''}`, dataset: { approver: card.entry.approver.slackId } },
        el('div', { class: 'otp-who' }, `@${card.entry.approver.name}${card.mine ? ' (you)' : ''}`),
        el('div', { class: 'otp-serial' }, card.entry.serial),
        el('div', { class: 'otp-code', dataset: { code: card.entry.code } }, card.code),
        card.entry.used
          ? el('div', { class: 'otp-used' }, 'Used: AWS accepts a code once. Wait for the next one.')
          : null,
        el('div', { class: 'otp-time' }, el('span', { class: 'track' }, card.bar), card.seconds),
      );
      return card.node;
    }),
  );
  clearInterval(authenticatorTimer);
  const tick = () => {
    // Another tab was chosen: the codes stop here, and start again when this tab is shown.
    if (!shown()) {
      clearInterval(authenticatorTimer);
      return;
    }
    const now = Date.now() + offset;
    for (const card of cards) {
      const left = Math.max(0, card.entry.validUntil - now);
      card.seconds.textContent = `${Math.ceil(left / 1000)} s`;
      card.bar.style.width = `${(left / 30_000) * 100}%`;
    }
    if (cards.some((card) => card.entry.validUntil <= now)) {
      clearInterval(authenticatorTimer);
      loadAuthenticator(root, app, shown);
    }
  };
  tick();
  authenticatorTimer = setInterval(tick, 250);
}

async function loadAudit(root, app, shown) {
  const { body } = await getJson('/api/audit');
  if (!shown()) return;
  const verdict = el('div', { class: 'verdict', dataset: { role: 'verdict' } });
  const verify = el(
    'button',
    {
      class: 'bk-button primary',
      type: 'button',
      onclick: async () => {
        verify.disabled = true;
        const { body: result } = await postJson('/api/audit/verify');
        verify.disabled = false;
        fill(
          verdict,
          el('div', { class: result.intact ? 'intact' : 'broken' }, result.output),
          el(
            'details',
            {},
            el('summary', {}, 'The same check from a terminal'),
            el('pre', {}, result.command),
          ),
        );
      },
    },
    'Verify the hash chain (audit verify)',
  );
  const rows = body.events.map((event) =>
    el(
      'tr',
      { class: `outcome-${event.outcome}`, dataset: { type: event.type } },
      el('td', {}, String(event.seq)),
      el('td', {}, seconds(event.at)),
      el(
        'td',
        { class: 'event-type' },
        event.type,
        el('small', { class: 'event-outcome' }, [event.outcome, event.errorCode].filter(Boolean).join(' · ')),
        details(event),
      ),
      el(
        'td',
        {},
        event.actor?.slackUserId ? `@${app.names(event.actor.slackUserId)}` : (event.actor?.kind ?? ''),
      ),
      el('td', {}, event.target?.iamUserName ?? ''),
    ),
  );
  fill(
    root,
    el('div', { class: 'panel-actions' }, verify),
    verdict,
    body.events.length === 0
      ? el('p', { class: 'empty' }, 'No audit events yet.')
      : el(
          'table',
          { class: 'audit' },
          el(
            'colgroup',
            {},
            ...['seq', 'time', 'event', 'actor', 'target'].map((name) => el('col', { class: name })),
          ),
          el(
            'thead',
            {},
            el('tr', {}, ...['#', 'Time', 'Event', 'Actor', 'IAM user'].map((h) => el('th', {}, h))),
          ),
          el('tbody', {}, ...rows),
        ),
  );
}

function details(event) {
  const lines = [
    event.requestId && `request ${event.requestId}`,
    event.devices?.length && `devices: ${event.devices.join(', ')}`,
    event.mfaSerial && `proved with ${event.mfaSerial}`,
    event.reason && `reason: ${event.reason}`,
    event.hash && `hash ${event.hash.slice(0, 12)}… ← ${String(event.prevHash).slice(0, 12)}…`,
  ].filter(Boolean);
  return lines.length === 0
    ? ''
    : el('details', {}, el('summary', {}, 'more'), el('pre', { class: 'audit-details' }, lines.join('\n')));
}

async function loadAccount(root, _app, shown) {
  const { body } = await getJson('/api/iam');
  if (!shown()) return;
  fill(
    root,
    el(
      'p',
      { class: 'panel-intro' },
      'The IAM users of the emulated account, with their MFA devices right now.',
    ),
    ...body.users.map((user) =>
      el(
        'div',
        { class: 'iam-user', dataset: { user: user.userName } },
        el('strong', {}, user.userName),
        Object.keys(user.tags).length
          ? el('span', { class: 'tag' }, Object.keys(user.tags).join(', '))
          : null,
        user.devices.length === 0
          ? el('div', { class: 'no-device' }, 'no MFA device')
          : el(
              'ul',
              {},
              ...user.devices.map((device) =>
                el('li', { dataset: { serial: device.serial } }, `${device.kind}: ${device.serial}`),
              ),
            ),
      ),
    ),
  );
}

function drawApiLog(root, log) {
  fill(
    root,
    el(
      'p',
      { class: 'panel-intro' },
      'The bot’s latest Slack Web API calls, newest first. Slack’s refusals are in red.',
    ),
    el(
      'ul',
      { class: 'api-log' },
      ...log.map((call) =>
        el(
          'li',
          { class: call.ok ? 'ok' : 'refused' },
          el('span', { class: 'time' }, clock(call.at)),
          el('code', {}, call.method),
          call.ok ? ' ok' : ` refused: ${call.error}`,
          call.messages ? el('pre', { class: 'api-log-messages' }, call.messages.join('\n')) : null,
        ),
      ),
    ),
  );
}

async function loadBotLog(root, _app, shown) {
  const { body } = await getJson('/api/bot-log');
  if (!shown()) return;
  fill(root, el('pre', { class: 'bot-log' }, body.lines.slice(-150).join('\n')));
}
