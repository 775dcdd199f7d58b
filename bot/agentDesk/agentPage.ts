import { MESSAGE_IDS, type MessageId } from '../../dialogs/diagnosis/messageIds.ts';
import type { Wording } from '../../dialogs/diagnosis/wording.ts';
import { escapeHtml } from '../html.ts';

export type AgentPageOptions = { nonce: string; agent: string; canSignOut?: boolean; say: Wording; lang: string };

// The words the page's script fills in itself (queue items, wait times, the case heading).
const SCRIPT_WORDS = MESSAGE_IDS.filter((id) => /^desk-(wait|stats|no-code|unnamed|unknown-person|case|status|ticket-number|agent$|from-)/.test(id));

/** JSON for a <script type="application/json"> block: "<" escaped, so no text in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The agent desk: the queue (oldest first, with wait times; buttons, arrow keys move between them), and
 * for the selected conversation the bot's diagnosis, the transcript rendered from Markdown by the server
 * (HTML off) and the live chat, with Accept, Send and End. Plain DOM; server-sent events keep it current.
 */
export function renderAgentPage({ nonce, agent, canSignOut = false, say, lang }: AgentPageOptions): string {
  const t = (id: MessageId, params?: Record<string, string>): string => escapeHtml(say(id, params));
  const words = Object.fromEntries(SCRIPT_WORDS.map((id) => [id, say(id)]));
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('desk-page-title')}</title>
<style nonce="${nonce}">
  body { margin: 0; font-family: "Segoe UI", system-ui, sans-serif; background: #f5f6f8; color: #1b1b1b; }
  header { background: #243a5e; color: #fff; padding: 12px 20px; display: flex; justify-content: space-between; }
  main { display: grid; grid-template-columns: 320px 1fr; gap: 16px; padding: 16px; }
  section { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.12); padding: 12px; }
  h2 { font-size: 16px; margin: 0 0 8px; }
  ul { list-style: none; margin: 0; padding: 0; }
  button.case { display: block; width: 100%; text-align: left; padding: 8px; border-radius: 6px; cursor: pointer; border: 1px solid #e1e4e8; margin-bottom: 6px; background: #fff; font: inherit; }
  button.case[aria-current="true"] { border-color: #0f6cbd; background: #eef5fc; }
  button:focus-visible, a:focus-visible, textarea:focus-visible, select:focus-visible { outline: 3px solid #0f6cbd; outline-offset: 2px; }
  .line p { margin: 0 0 4px; } .line pre { background: #f3f3f3; padding: 6px; overflow-x: auto; } .line code { font-family: Consolas, monospace; }
  .muted { color: #616161; font-size: 13px; }
  .facts li { font-size: 14px; }
  #chat { height: 320px; overflow-y: auto; border: 1px solid #e1e4e8; border-radius: 6px; padding: 8px; margin: 8px 0; }
  .line { margin: 6px 0; }
  .from { font-weight: 600; margin-right: 6px; }
  .actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
  textarea { width: 100%; min-height: 56px; }
  button { padding: 6px 14px; }
  [hidden] { display: none !important; }
  .notice { color: #a4262c; font-weight: 600; margin: 0; }
</style>
</head>
<body>
<header><strong>${t('desk-heading')}</strong><span>${t('desk-signed-in', { agent })}${canSignOut ? ` <button id="signOut" type="button">${t('desk-sign-out')}</button>` : ''}</span></header>
<main>
  <section><h2>${t('desk-queue-heading')}</h2><p id="stats" class="muted" aria-live="polite"></p><ul id="queue" aria-label="${t('desk-queue-label')}"></ul><p id="empty" class="muted">${t('desk-queue-empty')}</p></section>
  <section id="detail" hidden>
    <h2 id="title"></h2>
    <p id="notice" role="alert" class="notice"></p>
    <p id="meta" class="muted"></p>
    <h2>${t('desk-diagnosis-heading')}</h2>
    <ul id="diagnosis" class="facts"></ul>
    <h2>${t('desk-conversation-heading')}</h2>
    <div id="chat" aria-live="polite"></div>
    <div class="actions">
      <button id="accept">${t('desk-accept')}</button>
      <span id="activeActions" hidden class="actions">
        <select id="cause" aria-label="${t('desk-cause-label')}"><option value="">${t('desk-cause-optional')}</option></select>
        <button id="end">${t('desk-end')}</button>
      </span>
    </div>
    <form id="send" hidden><textarea id="text" placeholder="${t('desk-message-placeholder')}" aria-label="${t('desk-message-label')}"></textarea><button type="submit">${t('desk-send')}</button></form>
  </section>
</main>
<script type="application/json" id="words">${scriptJson(words)}</script>
<script nonce="${nonce}">
(function () {
  let selected = null;
  const $ = (id) => document.getElementById(id);
  const words = JSON.parse($('words').textContent);
  const say = (id, params) => (words[id] || id).replace(/\\{(\\w+)\\}/g, (match, name) => (params && name in params ? String(params[name]) : match));
  const api = async (path, options) => {
    const response = await fetch(path, Object.assign({ credentials: 'same-origin', headers: { 'Content-Type': 'application/json' } }, options));
    // A session that ran out: /agent sends the agent through sign-in again.
    if (response.status === 401) { location.assign('/agent'); throw new Error('signed out'); }
    if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error || response.statusText);
    return response.json();
  };
  const item = (text, className) => { const li = document.createElement('li'); li.textContent = text; if (className) li.className = className; return li; };
  const minutes = (s) => s < 60 ? say('desk-wait-short') : say('desk-wait-minutes', { minutes: Math.round(s / 60) });
  const select = (id) => { selected = id; history.replaceState(null, '', '#case=' + id); refreshQueue(); refreshDetail(); };
  async function loadCauses() {
    for (const cause of await api('/api/agent/causes')) {
      const option = document.createElement('option'); option.value = cause.id; option.textContent = cause.title; $('cause').append(option);
    }
  }
  let cases = [];
  let fetchedAt = Date.now();
  async function refreshQueue() {
    cases = await api('/api/agent/conversations');
    fetchedAt = Date.now();
    renderQueue();
  }
  function renderQueue() {
    const since = (Date.now() - fetchedAt) / 1000;
    for (const c of cases) if (c.status === 'queued') c.waitingSeconds += since;
    fetchedAt = Date.now();
    const waits = cases.filter((c) => c.status === 'queued').map((c) => c.waitingSeconds);
    $('empty').hidden = cases.length > 0;
    $('stats').textContent = waits.length ? say('desk-stats', { count: waits.length, longest: minutes(Math.max(...waits)), average: minutes(waits.reduce((a, b) => a + b, 0) / waits.length) }) : '';
    $('queue').replaceChildren(...cases.map((c) => {
      const codes = c.errorCodes.main.concat(c.errorCodes.extended.map((x) => 'ext ' + x)).join(' / ') || say('desk-no-code');
      const who = c.requester ? (c.requester.name || c.requester.email || say('desk-unnamed')) : say('desk-unknown-person');
      const state = c.status === 'queued' ? say('desk-case-waiting', { position: c.position, wait: minutes(c.waitingSeconds) }) : say('desk-case-active', { agent: c.agent });
      const button = document.createElement('button');
      button.className = 'case'; button.dataset.id = c.id; button.setAttribute('aria-current', String(c.id === selected));
      button.textContent = state + ' · ' + who + ' · ' + c.channelId + ' · ' + codes;
      button.addEventListener('click', () => select(c.id));
      const li = document.createElement('li'); li.append(button); return li;
    }));
  }
  // Arrow keys move between conversations; Enter or Space opens one (they are buttons).
  $('queue').addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...$('queue').querySelectorAll('button.case')];
    const at = buttons.indexOf(document.activeElement);
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next) { next.focus(); event.preventDefault(); }
  });
  async function refreshDetail() {
    if (!selected) return;
    const c = await api('/api/agent/conversations/' + encodeURIComponent(selected));
    $('detail').hidden = false;
    $('title').textContent = say('desk-case-title', { id: c.id.slice(0, 8), status: say('desk-status-' + c.status) });
    $('meta').textContent = say('desk-case-meta', { channel: c.channelId, locale: c.locale, reason: c.reasonText, time: new Date(c.queuedAt).toLocaleTimeString() });
    if (c.ticket) {
      const ticket = c.ticket.url && /^https?:\/\//.test(c.ticket.url) ? Object.assign(document.createElement('a'), { href: c.ticket.url, target: '_blank', rel: 'noopener' }) : document.createElement('span');
      ticket.id = 'ticket'; ticket.textContent = say('desk-ticket-number', { number: c.ticket.number });
      $('meta').append(' · ', ticket);
    }
    // The diagnosis in the knowledge's words, rendered by the server as tickets show it.
    $('diagnosis').replaceChildren(...c.summary.map((l) => item(l)));
    const chat = [].concat(c.transcript, c.messages);
    $('chat').replaceChildren(...chat.map((m) => {
      const div = document.createElement('div'); div.className = 'line';
      const from = document.createElement('span'); from.className = 'from'; from.textContent = m.from === 'agent' ? (m.agent || say('desk-agent')) : say('desk-from-' + m.from);
      // m.html is rendered by the server from Markdown with HTML off; the CSP allows no inline script either way.
      const body = document.createElement('div'); body.innerHTML = m.html;
      div.append(from, body); return div;
    }));
    $('chat').scrollTop = $('chat').scrollHeight;
    $('accept').hidden = c.status !== 'queued';
    $('activeActions').hidden = c.status !== 'active';
    $('send').hidden = c.status !== 'active';
  }
  // An action that failed (the person's channel refused, the case moved on) is said in the alert line.
  const act = (step) => async (event) => {
    $('notice').textContent = '';
    try { await step(event); } catch (error) { $('notice').textContent = error.message; await refreshDetail().catch(() => {}); }
  };
  $('accept').addEventListener('click', act(async () => { await api('/api/agent/conversations/' + encodeURIComponent(selected) + '/accept', { method: 'POST', body: '{}' }); await refreshDetail(); await refreshQueue(); }));
  $('end').addEventListener('click', act(async () => { await api('/api/agent/conversations/' + encodeURIComponent(selected) + '/end', { method: 'POST', body: JSON.stringify({ causeId: $('cause').value || undefined }) }); selected = null; $('detail').hidden = true; history.replaceState(null, '', '#'); await refreshQueue(); }));
  $('send').addEventListener('submit', act(async (event) => {
    event.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    await api('/api/agent/conversations/' + encodeURIComponent(selected) + '/messages', { method: 'POST', body: JSON.stringify({ text }) });
    $('text').value = '';
    await refreshDetail();
  }));
  $('signOut')?.addEventListener('click', act(async () => { await fetch('/agent/auth/logout', { method: 'POST', credentials: 'same-origin' }); location.assign('/agent'); }));
  loadCauses();
  // A link from the Teams notification (#case=<id>) opens that case.
  const linked = /^#case=([\w-]+)$/.exec(location.hash);
  if (linked) { selected = linked[1]; refreshDetail().catch(() => {}); }
  refreshQueue();
  const refresh = () => { refreshQueue().catch(() => {}); refreshDetail().catch(() => {}); };
  // Live updates without polling; on (re)connect the page catches up on whatever it missed.
  const events = new EventSource('/api/agent/events');
  events.addEventListener('change', refresh);
  events.addEventListener('open', refresh);
  // Wait times tick locally, without asking the server.
  setInterval(renderQueue, 30000);
})();
</script>
</body>
</html>
`;
}
