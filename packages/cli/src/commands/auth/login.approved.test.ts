import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/browser/spawn-cli.js';
import { capturedContext } from '../../../test/context.js';
import { cliHarness } from '../../../test/harness.js';
import { run } from '../../run.js';

/**
 * `monzo login` in process against an emulator that approves every login at once (`monzo mock --auto-approve`):
 * the browser's page and the terminal say there is nothing to approve in the app.
 */
describe('monzo login, when Monzo already gives data to the login', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    const redirect = `http://127.0.0.1:${await freePort()}/callback`;
    cli = await cliHarness({ autoApprove: true, redirectUris: [redirect], transactions: 20 });
    cli.env.MONZO_REDIRECT_URI = redirect;
  });
  afterAll(() => cli.close());

  it('says so in the page and on the terminal, and does not send the person to the app', async () => {
    const { context, captured } = capturedContext(cli.env);
    let page: Promise<Response> | undefined;
    // The browser: the emulator redirects at once to the callback, whose page is what the person reads.
    context.openBrowser = async (url) => {
      page = fetch(url);
      return true;
    };
    expect(await run(['login', '--no-sync', '--json'], context)).toBe(0);
    const response = await (page as Promise<Response>);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Logged in</h1>');
    expect(html).toContain('nothing to approve in the Monzo app');
    expect(html).not.toContain('approve this login');
    expect(captured.stderr).toContain(
      'Monzo already gives data to this login: nothing to approve in the app',
    );
    expect(captured.stderr).not.toContain('Now approve this login');
    expect(JSON.parse(captured.stdout)).toMatchObject({ approved: true });
  });

  it('syncs at once, its progress counting down the 5 minutes from the approval', async () => {
    const { context, captured } = capturedContext(cli.env, { stderrIsTTY: true });
    context.openBrowser = async (url) => {
      void fetch(url);
      return true;
    };
    expect(await run(['login'], context)).toBe(0);
    expect(captured.stderr).toMatch(
      /syncing .+% \| [012]\/2 accounts · [\d,]+ transactions · .+ · [45]:[0-5]\d left in the window/,
    );
    expect(captured.stderr).toContain('Synced: 40 new');
  });
});
