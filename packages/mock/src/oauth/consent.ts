/**
 * The HTML of the login step: the consent page (which client asks, Allow / Deny) and the error page for a request
 * that cannot be honoured. Every value that came from the request is escaped: the page echoes client ids, URIs
 * and `state`, which an attacker controls.
 */

/** What the consent page shows and carries back in its form. */
export interface ConsentDetails {
  clientId: string;
  redirectUri: string;
  /** `null` when the request had none: then the form sends none back. */
  state: string | null;
  userId: string;
}

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The consent page: a form that posts the request back with the user's decision (`decision=allow|deny`). */
export function consentPage(details: ConsentDetails): string {
  const hidden: Array<[string, string]> = [
    ['client_id', details.clientId],
    ['redirect_uri', details.redirectUri],
    ['response_type', 'code'],
  ];
  if (details.state !== null) hidden.push(['state', details.state]);
  const fields = hidden
    .map(([name, value]) => `      <input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('\n');
  return page(
    'Allow access to your Monzo account?',
    `    <p>The application <strong class="client">${escapeHtml(details.clientId)}</strong> is asking to access
    the Monzo account of <code>${escapeHtml(details.userId)}</code>.</p>
    <p>After you choose, you will be sent back to <code>${escapeHtml(details.redirectUri)}</code>.</p>
    <form method="post" action="/">
${fields}
      <button type="submit" name="decision" value="allow">Allow</button>
      <button type="submit" name="decision" value="deny">Deny</button>
    </form>
    <p class="note">monzo-mock: on the real service the user would also approve this login in the Monzo app.</p>`,
  );
}

/** The page for a login request that cannot go on (unknown client, bad redirect URI…): no redirect is made. */
export function errorPage(reason: string): string {
  return page(
    'This login request cannot be completed',
    `    <p class="error">${escapeHtml(reason)}</p>
    <p>Start the login again from the application. A request needs <code>client_id</code>,
    <code>redirect_uri</code>, <code>response_type=code</code> and, as it should, a <code>state</code>.</p>`,
  );
}

/** An HTML answer that no one caches or frames (the page carries a login decision). */
export function htmlResponse(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
      // No script at all; `form-action` is left out, as browsers apply it to the redirect that follows the post.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'Referrer-Policy': 'no-referrer',
    },
  });
}

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)} · Monzo (emulated)</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #14233c; }
      h1 { font-size: 1.4rem; }
      code { word-break: break-all; }
      button { font-size: 1rem; padding: 0.5rem 1.5rem; margin-right: 0.5rem; border-radius: 0.5rem; border: 0; }
      button[value="allow"] { background: #ff4f40; color: white; }
      .error { color: #b00020; font-weight: bold; }
      .note { font-size: 0.8rem; color: #667; }
    </style>
  </head>
  <body>
    <h1>${escapeHtml(title)}</h1>
${content}
  </body>
</html>
`;
}
