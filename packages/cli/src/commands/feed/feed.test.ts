import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';
import { DEFAULT_FEED_IMAGE } from './post.js';

describe('monzo feed post', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness();
    await cli.loggedIn();
  });
  beforeEach(() => cli.mock.control.resetCounters());
  afterAll(() => cli.close());

  const posts = () => cli.mock.control.counters().requests['POST /feed'] ?? 0;
  const account = (type: string) => cli.mock.control.dataset().accounts.find((a) => a.type === type)?.id;

  it('posts an item with the default image, and says so on stderr', async () => {
    const result = await cli.run(['feed', 'post', '--title', 'Saved £5 today', '--body', 'well done']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`posted "Saved £5 today" to the feed of ${account('uk_retail')}`);
    expect(result.stdout).toBe('');
    expect(posts()).toBe(1);
  });

  it('prints what was posted with --json, to the account chosen', async () => {
    const result = await cli.run([
      'feed',
      'post',
      '--title',
      'Build passed',
      '--url',
      'https://ci.example.com/42',
      '--image',
      'https://example.com/icon.png',
      '--account',
      'joint',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      account_id: account('uk_retail_joint'),
      url: 'https://ci.example.com/42',
      params: { title: 'Build passed', image_url: 'https://example.com/icon.png' },
    });
    const plain = JSON.parse((await cli.run(['feed', 'post', '--title', 'x', '--json'])).stdout);
    expect(plain.params.image_url).toBe(DEFAULT_FEED_IMAGE);
    expect(posts()).toBe(2);
  });

  it.each([
    [['feed', 'post'], /--title/],
    [['feed', 'post', '--title', ' '], /--title must not be empty/],
    [
      ['feed', 'post', '--title', 'x', '--url', 'ci.example.com'],
      /--url: "ci.example.com" is not an absolute/,
    ],
    [['feed', 'post', '--title', 'x', '--image', 'ftp://x/i.png'], /--image: .* is not an absolute/],
    [['feed', 'post', '--title', 'x', '--account', 'nope'], /no account matches --account nope/],
  ])('refuses %j with exit 2, posting nothing', async (args, reason) => {
    const result = await cli.run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(posts()).toBe(0);
  });

  it('after a gateway 503 says the item may be in the feed, and to look in the app before posting again', async () => {
    const failing = cli.mock.control.fault({ path: 'POST /feed', status: 503, commit: true });
    const result = await cli.run(['feed', 'post', '--title', 'Maybe posted']);
    failing();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('its outcome is unknown. The item may or may not be in the feed.');
    expect(result.stderr).toContain('→ look in the Monzo app before posting again');
    // Not retried: a repeat could show the item twice.
    expect(posts()).toBe(1);
  });
});
