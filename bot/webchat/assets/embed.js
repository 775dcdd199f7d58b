// The web chat as the support portal embeds it: tokens from the bot, resume after reload, copyable commands.
// Served by the bot at /webchat/embed.js; `window.RdpAssistantDefaults` is prepended by the server.
(function () {
  'use strict';
  var defaults = window.RdpAssistantDefaults || {};
  var script = document.currentScript;
  var BOT = script && script.src ? new URL(script.src).origin : window.location.origin;
  // sessionStorage: the conversation survives a reload of this tab and is forgotten when the tab closes.
  var KEY = 'rdp-assistant:' + BOT;
  // Every word the script shows comes from the bot's messages (prepended as RdpAssistantDefaults.labels).
  var labels = defaults.labels || {};
  var SHELLS = labels.shells || {};

  function load() {
    try { return JSON.parse(window.sessionStorage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }
  function save(value) {
    try { window.sessionStorage.setItem(KEY, JSON.stringify(value)); } catch (e) { /* storage off: no resume */ }
  }
  function forget() {
    try { window.sessionStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
  }

  async function post(path, token) {
    var response = await fetch(BOT + path, { method: 'POST', headers: token ? { Authorization: 'Bearer ' + token } : {} });
    if (!response.ok) throw new Error('the chat service answered ' + response.status);
    return response.json();
  }

  /** A refreshed token for the conversation kept in this tab, or a new conversation. */
  async function connect() {
    var saved = load();
    if (saved && saved.token) {
      try {
        var resumed = await post('/api/directline/refresh', saved.token);
        resumed.resumed = true;
        return resumed;
      } catch (e) {
        forget();
      }
    }
    return post('/api/directline/token');
  }

  function injectStyle(accent) {
    if (document.getElementById('rdp-assistant-style')) return;
    var style = document.createElement('style');
    style.id = 'rdp-assistant-style';
    style.textContent = [
      '.webchat__bubble__content { min-width: 0; }',
      '.webchat__bubble__content ol { padding-inline-start: 1.6em; }',
      // Web Chat's own Markdown styles clip code blocks (overflow: hidden) with more specific selectors.
      '.webchat__bubble__content pre { overflow-x: auto !important; white-space: pre !important; max-width: 100%; margin: 4px 0 8px; padding: 10px 12px; background: #f3f2f1; color: #1b1b1b; border-radius: 6px; font-size: 13px; line-height: 1.45; }',
      '.webchat__bubble__content pre:focus-visible, .rdp-copy:focus-visible { outline: 2px solid ' + accent + '; outline-offset: 2px; }',
      '.rdp-code-bar { display: flex; justify-content: flex-end; margin-top: 4px; }',
      '.rdp-copy { font: inherit; min-height: 32px; padding: 4px 12px; border: 1px solid #8a8886; border-radius: 4px; background: #fff; color: #1b1b1b; cursor: pointer; }',
      '.rdp-copy:hover { background: #f3f2f1; }',
      '.rdp-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }',
    ].join('\n');
    document.head.appendChild(style);
  }

  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Plain http (an intranet portal): the Clipboard API is missing, the selection-based copy still works.
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var copied = document.execCommand('copy');
    area.remove();
    if (!copied) throw new Error('copy refused');
  }

  /** Gives a command block a label, a copy button and keyboard focus (it may scroll sideways). */
  function enhance(pre, announce) {
    var code = pre.querySelector('code');
    if (!code || pre.dataset.rdpEnhanced) return;
    pre.dataset.rdpEnhanced = 'true';
    // Web Chat's sanitizer drops the language class; the bot names the shell in the line above the block.
    var language = (/language-(\w+)/.exec(code.className) || [])[1];
    var above = pre.previousElementSibling ? pre.previousElementSibling.textContent.trim() : '';
    var shell = SHELLS[language] || (/^(.{2,40}):$/.exec(above) || [])[1] || labels.command;
    pre.tabIndex = 0;
    pre.setAttribute('role', 'region');
    pre.setAttribute('aria-label', shell);
    var bar = document.createElement('div');
    bar.className = 'rdp-code-bar';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'rdp-copy';
    button.textContent = labels.copy;
    button.setAttribute('aria-label', labels.copy + ' ' + shell);
    button.addEventListener('click', async function () {
      // The exact command: the code's text as the knowledge has it (markdown-it ends it with a newline).
      var text = code.textContent.replace(/\n$/, '');
      try {
        await copyText(text);
        button.textContent = labels.copiedShort;
        announce(labels.copied);
      } catch (e) {
        announce(labels.copyFailed);
      }
      setTimeout(function () { button.textContent = labels.copy; }, 2000);
    });
    bar.appendChild(button);
    pre.parentNode.insertBefore(bar, pre);
  }

  function watchCommands(element) {
    var live = document.createElement('div');
    live.className = 'rdp-sr';
    live.setAttribute('role', 'status');
    element.appendChild(live);
    var announce = function (text) { live.textContent = ''; setTimeout(function () { live.textContent = text; }, 50); };
    var scan = function () { element.querySelectorAll('.webchat__bubble__content pre').forEach(function (pre) { enhance(pre, announce); }); };
    new MutationObserver(scan).observe(element, { childList: true, subtree: true });
    scan();
  }

  var PUNCTUATION = /[!-\/:-@[-`{-~]/;

  /**
   * Escapes, outside code spans, what Markdown would change in a command written in prose: quotes (curly),
   * -- and ... (dashes, ellipsis), <placeholder> (read as an HTML tag and dropped), and a backslash before
   * punctuation (read as an escape).
   */
  function escapeProse(line) {
    var out = '';
    for (var i = 0; i < line.length;) {
      var c = line[i];
      if (c === '`') {
        var run = /^`+/.exec(line.slice(i))[0];
        var close = line.indexOf(run, i + run.length);
        var end = close === -1 ? i + run.length : close + run.length;
        out += line.slice(i, end);
        i = end;
        continue;
      }
      var repeated = (c === '-' || c === '.') && (line[i - 1] === c || line[i + 1] === c);
      if (c === '\\' && PUNCTUATION.test(line[i + 1] || '')) out += '\\\\';
      else if (c === '"' || c === "'" || c === '<' || repeated) out += '\\' + c;
      else out += c;
      i += 1;
    }
    return out;
  }

  /**
   * Web Chat renders Markdown with its typographer on, which turns "C:\path" in a command written in prose
   * (an undo, a check) into curly quotes that break when pasted into a shell. Code blocks and spans are
   * never touched; everywhere else those characters are escaped, so they show exactly as typed.
   */
  function keepQuotesStraight(markdown) {
    var fence = null;
    return String(markdown).split('\n').map(function (line) {
      // A fence may be indented under a list item, so any indentation counts.
      var marker = /^\s*(`{3,}|~{3,})/.exec(line);
      if (fence) {
        if (marker && marker[1][0] === fence[0] && marker[1].length >= fence.length && line.trim() === marker[1]) fence = null;
        return line;
      }
      if (marker) {
        fence = marker[1];
        return line;
      }
      return escapeProse(line);
    }).join('\n');
  }

  /** Keeps the newest token (Direct Line refreshes it every 15 minutes) so a reload can resume. */
  function remember(directLine) {
    var store = function () {
      if (directLine.conversationId && directLine.token) save({ conversationId: directLine.conversationId, token: directLine.token });
    };
    directLine.connectionStatus$.subscribe(function (status) {
      if (status === 2) store();
    });
    setInterval(store, 60000);
    window.addEventListener('pagehide', store);
  }

  /** Renders Web Chat into `element`; options: styleOptions (merged over the bot's), locale. */
  async function start(element, options) {
    options = options || {};
    var accent = defaults.accent || '#0F6CBD';
    injectStyle(accent);
    var session = await connect();
    var directLine = window.WebChat.createDirectLine(Object.assign(
      { token: session.token, domain: session.domain, webSocket: session.webSocket === true },
      session.webSocket === true ? {} : { pollingInterval: 1000 },
      session.resumed ? { conversationId: session.conversationId } : {},
    ));
    remember(directLine);
    window.WebChat.renderWebChat({
      directLine: directLine,
      locale: options.locale || navigator.language || 'en-US',
      renderMarkdown: function (markdown, styleOptions, extra) {
        return window.WebChat.renderMarkdown(keepQuotesStraight(markdown), styleOptions, extra);
      },
      styleOptions: Object.assign({
        accent: accent,
        botAvatarImage: BOT + '/webchat/avatar.svg',
        botAvatarInitials: 'IT',
        userAvatarInitials: 'You',
        hideUploadButton: true,
        suggestedActionLayout: 'flow',
        bubbleBorderRadius: 8,
        bubbleFromUserBackground: '#e8f0fb',
        bubbleMaxWidth: 640,
      }, options.styleOptions || {}),
    }, element);
    watchCommands(element);
    return { directLine: directLine, resumed: session.resumed === true };
  }

  window.RdpAssistant = { start: start };
})();
