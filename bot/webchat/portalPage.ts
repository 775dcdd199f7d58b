import { escapeHtml } from '../html.ts';

export type PortalOptions = { title: string; accent: string; nonce: string };

/** The support-portal page: branding, a short intro and Web Chat (bundle served locally, tokens from /api/directline/token). */
export function renderPortalPage({ title, accent, nonce }: PortalOptions): string {
  const safeTitle = escapeHtml(title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
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
</style>
</head>
<body>
<header><img src="/webchat/avatar.svg" alt=""><span class="brand">${safeTitle}</span></header>
<main>
  <section class="intro">
    <h1>Remote Desktop won't connect?</h1>
    <p>Tell our assistant what happens and paste the error code if there is one (for example
    "0x904, extended error code 0x7"). It asks only what it needs, walks you through the fix,
    and brings in a person from the help desk if that doesn't solve it.</p>
    <p id="status" role="status"></p>
  </section>
  <div id="webchat" role="region" aria-label="Remote Desktop assistant chat"></div>
  <noscript>The chat needs JavaScript.</noscript>
</main>
<script src="/webchat/webchat.js" nonce="${nonce}"></script>
<script nonce="${nonce}">
(async function () {
  const status = document.getElementById('status');
  try {
    const response = await fetch('/api/directline/token', { method: 'POST' });
    if (!response.ok) throw new Error('token request failed (' + response.status + ')');
    const { token, domain } = await response.json();
    const directLine = window.WebChat.createDirectLine(Object.assign({ token, webSocket: false, pollingInterval: 500 }, domain ? { domain } : {}));
    window.WebChat.renderWebChat({
      directLine,
      locale: navigator.language || 'en-US',
      styleOptions: {
        accent: ${JSON.stringify(accent)},
        botAvatarImage: '/webchat/avatar.svg',
        botAvatarInitials: 'IT',
        userAvatarInitials: 'You',
        hideUploadButton: true,
        suggestedActionLayout: 'flow',
        bubbleBorderRadius: 8,
        bubbleFromUserBackground: '#e8f0fb',
        bubbleMaxWidth: 640
      }
    }, document.getElementById('webchat'));
    document.querySelector('#webchat input, #webchat textarea')?.focus();
  } catch (error) {
    status.textContent = 'The chat could not start: ' + error.message + '. Please reload the page or contact the help desk.';
  }
})();
</script>
</body>
</html>
`;
}

/** The bot's avatar: a monitor with a check mark, in the accent colour. */
export function renderAvatar(accent: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${accent}"/><rect x="12" y="14" width="40" height="28" rx="3" fill="none" stroke="#fff" stroke-width="4"/><path d="M24 50h16M32 42v8" stroke="#fff" stroke-width="4" stroke-linecap="round"/><path d="M24 28l6 6 11-11" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
}
