import type { Command } from 'commander';
import type { FeedItemParams } from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import { output } from '../../output/output.js';
import { chooseAccount } from '../../support/account.js';
import { connect } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';
import { ifOutcomeUnknown } from '../../support/outcome.js';
import { requireWebUrl } from '../../support/url.js';

/**
 * Monzo requires an image on every feed item: a speech bubble (Twemoji 14.0.2, CC-BY 4.0, a pinned version). It
 * is a URL, not a `data:` URL of our own: Monzo documents `image_url` as an image the app loads from where it is
 * hosted (animated GIFs too), and nothing says a `data:` URL is accepted; a post that looks fine against the
 * emulator and shows a broken image in the app would be worse than a documented default host.
 */
export const DEFAULT_FEED_IMAGE = 'https://cdn.jsdelivr.net/gh/twitter/twemoji@14.0.2/assets/72x72/1f4ac.png';

/** Where the default image comes from, as help and messages say it. */
const DEFAULT_IMAGE_HOST = new URL(DEFAULT_FEED_IMAGE).host;

const EXAMPLES = `
Monzo requires an image on every item, which the Monzo app loads from its URL. Without --image, the item shows
a speech bubble icon (Twemoji, CC-BY 4.0) hosted by a third party, ${DEFAULT_IMAGE_HOST}:
  ${DEFAULT_FEED_IMAGE}
Pass --image with an http(s) URL you host to show your own instead.

Examples:
  $ monzo feed post --title "Saved £5 today"
  $ monzo feed post --title "Build passed" --body "main is green" --url https://ci.example.com/42
  $ monzo feed post --title "Hello" --image https://example.com/icon.png --account joint`;

interface PostOptions {
  title: string;
  body?: string;
  url?: string;
  image?: string;
}

/** `monzo feed post`: puts an item in the account's feed in the Monzo app. */
export function registerFeedPost(feed: Command, context: CliContext): void {
  feed
    .command('post')
    .description('post an item to the feed')
    .requiredOption('--title <text>', 'the headline of the item')
    .option('--body <text>', 'a line of text under the title')
    .option('--url <url>', 'opened when the item is tapped')
    .option(
      '--image <url>',
      `an image for the item (default: a speech bubble icon from ${DEFAULT_IMAGE_HOST})`,
    )
    .addHelpText('after', EXAMPLES)
    .action(async (options: PostOptions, command: Command) => {
      // Checked before any request: a bad URL would only fail later, in the app.
      if (!options.title.trim()) throw new UsageError('--title must not be empty');
      if (options.url !== undefined) requireWebUrl('--url', options.url);
      const image = requireWebUrl('--image', options.image ?? DEFAULT_FEED_IMAGE);
      const params: FeedItemParams = {
        title: options.title,
        image_url: image,
        ...(options.body !== undefined ? { body: options.body } : {}),
      };
      const globals = globalsOf(command);
      const client = await connect(context, globals);
      const account = await chooseAccount(client, globals.account);
      await client.feed
        .create({
          account_id: account.id,
          params,
          ...(options.url !== undefined ? { url: options.url } : {}),
        })
        .catch(
          ifOutcomeUnknown(
            'The item may or may not be in the feed.',
            'look in the Monzo app before posting again: posting again may show the item twice',
          ),
        );
      const out = output(context);
      if (globals.json) return out.json({ account_id: account.id, url: options.url ?? null, params });
      const shown = options.image === undefined ? ` (with the default image from ${DEFAULT_IMAGE_HOST})` : '';
      out.message(`posted "${options.title}" to the feed of ${account.id}${shown}`);
    });
}
