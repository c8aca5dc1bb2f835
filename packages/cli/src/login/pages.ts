/** Whether Monzo gives data to a new login yet, as first asked when the callback comes. */
export type Approval = 'pending' | 'approved' | 'unknown';

/** The page the browser shows after Monzo sends it back to `monzo login`. */
export interface Page {
  status: number;
  title: string;
  /** Paragraphs of plain text (escaped here). */
  lines: string[];
  /** Success pages are green, refusals red. */
  ok: boolean;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** A small self-contained page: no script, no external resource (the URL holds the code; nothing may leak it). */
export function renderPage(page: Page): string {
  const colour = page.ok ? '#1a7f37' : '#cf222e';
  const paragraphs = page.lines.map((line) => `    <p>${escapeHtml(line)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>${escapeHtml(page.title)} · monzo login</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5; }
      h1 { color: ${colour}; font-size: 1.5rem; }
    </style>
  </head>
  <body>
    <h1>${escapeHtml(page.title)}</h1>
${paragraphs}
  </body>
</html>
`;
}

/** What the callback page says once the login is saved, for each answer Monzo gave about its approval. */
const AFTER_LOGIN: Record<Approval, { title: string; next: string[] }> = {
  approved: {
    title: 'Logged in',
    next: [
      'Monzo already gives data to this login, so there is nothing to approve in the Monzo app.',
      'Go back to your terminal. You can close this tab.',
    ],
  },
  unknown: {
    title: 'Logged in',
    next: [
      'monzo login could not ask Monzo whether this login still needs approving in the Monzo app: your terminal says what went wrong and what to do.',
      'You can close this tab.',
    ],
  },
  pending: {
    title: 'Logged in: now approve in the Monzo app',
    next: [
      'One more step: open the Monzo app on your phone and approve this login. Monzo asks for this on every new login (Strong Customer Authentication), and gives no data until then.',
      'Then go back to your terminal: it is waiting for the approval. You can close this tab.',
    ],
  },
};

export const pages = {
  /**
   * The login is saved; what comes next depends on Monzo: `pending` until approved in the app, `approved` when
   * Monzo already gives data (an auto-approving emulator, or a login approved before this page), `unknown` when
   * asking failed (the terminal says why).
   */
  loggedIn: (userId: string | undefined, approval: Approval = 'pending'): Page => {
    const { title, next } = AFTER_LOGIN[approval];
    const received = `monzo login has received your login${userId ? ` (${userId})` : ''} and saved it on this computer.`;
    return { status: 200, ok: true, title, lines: [received, ...next] };
  },
  denied: (error: string): Page => ({
    status: 403,
    ok: false,
    title: 'Login cancelled',
    lines: [
      error === 'access_denied'
        ? 'You chose not to give access, so nothing was saved.'
        : `Monzo did not log you in (${error}), so nothing was saved.`,
      'To try again, run `monzo login` in your terminal.',
    ],
  }),
  wrongState: (): Page => ({
    status: 400,
    ok: false,
    title: 'Login refused',
    lines: [
      'This callback does not belong to the login your terminal started (its state does not match): it may be forged or left over from an older login. Nothing was saved.',
      'Run `monzo login` again and finish it in the page it opens.',
    ],
  }),
  noCode: (): Page => ({
    status: 400,
    ok: false,
    title: 'Login refused',
    lines: ['This callback carries no authorization code. Nothing was saved.', 'Run `monzo login` again.'],
  }),
  failed: (reason: string): Page => ({
    status: 502,
    ok: false,
    title: 'Login failed',
    lines: [
      `monzo login could not complete the login: ${reason}. Nothing was saved.`,
      'Run `monzo login` again.',
    ],
  }),
  repeated: (): Page => ({
    status: 409,
    ok: false,
    title: 'Already used',
    lines: [
      'This login has already received its callback; a login takes exactly one, so this request changed nothing.',
      'Look at your terminal for how the login went.',
    ],
  }),
  stray: (): Page => ({
    status: 400,
    ok: false,
    title: 'Not this login',
    lines: [
      'This request does not carry the state of the login your terminal is waiting for (it may be forged, or left over from an older login), so it was ignored. Nothing was saved.',
      'That login is still waiting: finish it in the page `monzo login` opened.',
    ],
  }),
  badRequest: (): Page => ({
    status: 400,
    ok: false,
    title: 'Bad request',
    lines: ['monzo login only answers its callback.'],
  }),
  wrongMethod: (): Page => ({
    status: 405,
    ok: false,
    title: 'Method not allowed',
    lines: ['The login callback is a GET from the browser; this request was ignored.'],
  }),
  notFound: (): Page => ({
    status: 404,
    ok: false,
    title: 'Not found',
    lines: ['monzo login only answers its callback.'],
  }),
  wrongHost: (): Page => ({
    status: 421,
    ok: false,
    title: 'Wrong address',
    lines: ['This request was not addressed to the login callback, so it was ignored.'],
  }),
};
