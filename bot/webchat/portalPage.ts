import type { Wording } from '../../dialogs/diagnosis/wording.ts';
import { escapeHtml } from '../html.ts';

/** Labels the embed script shows: the copy button, its announcements, and shell names by code-fence language. */
export type EmbedLabels = { copy: string; copied: string; copiedShort: string; copyFailed: string; command: string; shells: Record<'powershell' | 'cmd' | 'bash', string> };

/** Words the page and the embed script show, from knowledge/messages.yaml, and the language they are in. */
export type PageWording = {
  lang: string;
  page: { title: string; heading: string; lead: string; chatLabel: string; needsScript: string; startFailed: string };
  privacy: string;
  labels: EmbedLabels;
};

/** The page's words from messages.yaml, with the portal's name and the retention periods from the configuration. */
export function pageWording(say: Wording, lang: string, site: { title: string; transcriptDays: number; stateDays: number }): PageWording {
  return {
    lang,
    page: {
      title: say('webchat-page-title', { title: site.title }),
      heading: say('webchat-heading'),
      lead: say('webchat-lead'),
      chatLabel: say('webchat-chat-label'),
      needsScript: say('webchat-needs-script'),
      startFailed: say('webchat-start-failed'),
    },
    privacy: say('webchat-privacy', { transcriptDays: String(site.transcriptDays), stateDays: String(site.stateDays) }),
    labels: {
      copy: say('webchat-copy'),
      copied: say('webchat-copied'),
      copiedShort: say('webchat-copied-short'),
      copyFailed: say('webchat-copy-failed'),
      command: say('webchat-command'),
      shells: { powershell: say('shell-powershell'), cmd: say('shell-cmd'), bash: say('shell-bash') },
    },
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
  const page = Object.fromEntries(Object.entries(wording.page).map(([key, text]) => [key, escapeHtml(text)])) as PageWording['page'];
  return `<!doctype html>
<html lang="${escapeHtml(wording.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content">
<title>${page.title}</title>
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
    <h1>${page.heading}</h1>
    <p class="lead">${page.lead}</p>
    <p id="status" role="status" data-failed="${page.startFailed}"></p>
  </section>
  <div id="webchat" role="region" aria-label="${page.chatLabel}"></div>
  <p class="privacy">${escapeHtml(wording.privacy)}</p>
  <noscript>${page.needsScript}</noscript>
</main>
<script src="/webchat/webchat.js" nonce="${nonce}"></script>
<script src="/webchat/embed.js" nonce="${nonce}"></script>
<script nonce="${nonce}">
window.RdpAssistant.start(document.getElementById('webchat')).then(function () {
  document.querySelector('#webchat input, #webchat textarea')?.focus({ preventScroll: true });
}, function (error) {
  // The reason is for developers (the console); the person gets the page's own words.
  console.error(error);
  var status = document.getElementById('status');
  status.textContent = status.dataset.failed;
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
