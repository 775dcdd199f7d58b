import { escapeHtml } from '../html.ts';

/** Words the page and the embed script show, from knowledge/messages.yaml. */
export type PageWording = { privacy: string; labels: { copy: string; copied: string; copiedShort: string; copyFailed: string; command: string } };

/** The page's words from messages.yaml, with the retention periods filled in from the configuration. */
export function pageWording(messages: Readonly<Record<string, string>>, retention: { transcriptDays: number; stateDays: number }): PageWording {
  const say = (id: string): string => messages[id] ?? id;
  return {
    privacy: say('webchat-privacy').replace('{transcriptDays}', String(retention.transcriptDays)).replace('{stateDays}', String(retention.stateDays)),
    labels: { copy: say('webchat-copy'), copied: say('webchat-copied'), copiedShort: say('webchat-copied-short'), copyFailed: say('webchat-copy-failed'), command: say('webchat-command') },
  };
}

export type PortalOptions = { title: string; accent: string; nonce: string; wording: PageWording };

/**
 * The support-portal page: branding, a short intro, the privacy line and Web Chat, started by the same
 * embed script (`/webchat/embed.js`) a company's own portal uses. On a phone the page is exactly the
 * viewport's height and only the chat scrolls, so the heading stays when the keyboard opens.
 */
export function renderPortalPage({ title, accent, nonce, wording }: PortalOptions): string {
  const safeTitle = escapeHtml(title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content">
<title>${safeTitle} · Remote Desktop help</title>
<link rel="icon" href="/webchat/avatar.svg">
<style nonce="${nonce}">
  :root { --accent: ${accent}; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Segoe UI", system-ui, -apple-system, sans-serif; background: #f5f6f8; color: #1b1b1b; }
  header { background: var(--accent); color: #fff; padding: 14px 24px; display: flex; align-items: center; gap: 12px; }
  header img { width: 32px; height: 32px; }
  header .brand { font-size: 18px; font-weight: 600; }
  main { max-width: 880px; margin: 24px auto; padding: 0 16px; display: grid; gap: 16px; }
  .intro h1 { font-size: 22px; margin: 0 0 6px; }
  .intro p { margin: 0; color: #444; line-height: 1.5; }
  #webchat { height: 620px; background: #fff; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.12); overflow: hidden; }
  #status { color: #a4262c; }
  .privacy { margin: 0; font-size: 13px; color: #484644; line-height: 1.4; }
  @media (max-width: 640px) {
    html, body { height: 100%; overflow: hidden; }
    body { display: flex; flex-direction: column; height: 100dvh; }
    header { flex: none; padding: 10px 16px; }
    main { flex: 1; min-height: 0; margin: 0; padding: 8px; gap: 8px; display: flex; flex-direction: column; }
    .intro h1 { font-size: 18px; margin: 0; }
    .intro p.lead { display: none; }
    #webchat { flex: 1; min-height: 0; height: auto; border-radius: 6px; }
    .privacy { font-size: 12px; }
  }
</style>
</head>
<body>
<header><img src="/webchat/avatar.svg" alt=""><span class="brand">${safeTitle}</span></header>
<main>
  <section class="intro">
    <h1>Remote Desktop won't connect?</h1>
    <p class="lead">Tell our assistant what happens and paste the error code if there is one (for example
    "0x904, extended error code 0x7"). It asks only what it needs, walks you through the fix,
    and brings in a person from the help desk if that doesn't solve it.</p>
    <p id="status" role="status"></p>
  </section>
  <div id="webchat" role="region" aria-label="Remote Desktop assistant chat"></div>
  <p class="privacy">${escapeHtml(wording.privacy)}</p>
  <noscript>The chat needs JavaScript.</noscript>
</main>
<script src="/webchat/webchat.js" nonce="${nonce}"></script>
<script src="/webchat/embed.js" nonce="${nonce}"></script>
<script nonce="${nonce}">
window.RdpAssistant.start(document.getElementById('webchat')).then(function () {
  document.querySelector('#webchat input, #webchat textarea')?.focus({ preventScroll: true });
}, function (error) {
  document.getElementById('status').textContent = 'The chat could not start: ' + error.message + '. Please reload the page or contact the help desk.';
});
</script>
</body>
</html>
`;
}

/** The bot's avatar: a monitor with a check mark, in the accent colour. */
export function renderAvatar(accent: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${accent}"/><rect x="12" y="14" width="40" height="28" rx="3" fill="none" stroke="#fff" stroke-width="4"/><path d="M24 50h16M32 42v8" stroke="#fff" stroke-width="4" stroke-linecap="round"/><path d="M24 28l6 6 11-11" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
}
