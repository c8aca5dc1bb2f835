import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedContext } from '../../../test/context.js';
import { cliHarness } from '../../../test/harness.js';
import { run } from '../../run.js';
import { DEFAULT_FEED_IMAGE } from './post.js';

/** The default feed image is a third party's URL: the help and the command say so, and where. */
describe('monzo feed post and its default image', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 10 });
    await cli.loggedIn();
  });
  afterAll(() => cli.close());

  const monzo = async (...args: string[]) => {
    const { context, captured } = capturedContext(cli.env);
    return { code: await run(args, context), ...captured };
  };

  it('names the third-party host and the exact URL in the help, and how to use your own', async () => {
    const help = await monzo('feed', 'post', '--help');
    expect(help.stdout).toContain('hosted by a third party, cdn.jsdelivr.net');
    expect(help.stdout).toContain(DEFAULT_FEED_IMAGE);
    expect(help.stdout).toContain('Pass --image with an http(s) URL you host');
  });

  it('says when a post used the default image, and not when --image was given', async () => {
    const plain = await monzo('feed', 'post', '--title', 'x');
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain('(with the default image from cdn.jsdelivr.net)');
    const own = await monzo('feed', 'post', '--title', 'x', '--image', 'https://example.com/icon.png');
    expect(own.code).toBe(0);
    expect(own.stderr).not.toContain('default image');
  });
});
