/**
 * Plays the user in the browser on the emulator's consent page: loads the login URL and submits its form with
 * Allow or Deny. Resolves to the redirect `Location`: the app's callback URL with `code` and `state` (or `error`).
 * For tests of an app's login flow; with `autoApprove` there is no page and the redirect comes at once.
 *
 * @example
 * const callback = await submitConsent(createAuthorizationRequest({ clientId, redirectUri, authUrl: mock.url }).url, 'allow');
 */
export async function submitConsent(
  loginUrl: string,
  decision: 'allow' | 'deny',
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const page = await fetchImpl(loginUrl, { redirect: 'manual' });
  const direct = page.headers.get('location');
  if (direct) return direct; // auto-approve: no page at all
  const html = await page.text();
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form on the consent page (status ${page.status})`);
  const fields = new URLSearchParams();
  for (const input of (form[2] ?? '').matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/i.exec(input[0])?.[1];
    const value = /\bvalue="([^"]*)"/i.exec(input[0])?.[1] ?? '';
    if (name && /type="hidden"/i.test(input[0])) fields.append(name, decode(value));
  }
  const button = [...(form[2] ?? '').matchAll(/<button\b[^>]*>/gi)]
    .map((match) => match[0])
    .find((tag) => new RegExp(`value="${decision}"`, 'i').test(tag));
  const name = button && /\bname="([^"]*)"/i.exec(button)?.[1];
  if (!name) throw new Error(`the consent form has no ${decision} button`);
  fields.append(name, decision);
  const answer = await fetchImpl(new URL(decode(form[1] ?? ''), loginUrl), {
    method: 'POST',
    body: fields,
    redirect: 'manual',
  });
  const location = answer.headers.get('location');
  if (!location) throw new Error(`the consent form answered ${answer.status} without a redirect`);
  return location;
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
