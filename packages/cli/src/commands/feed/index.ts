import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { registerFeedPost } from './post.js';

const EXAMPLES = `
Items appear in the account's feed in the Monzo app; Monzo offers no way to list or delete them.

Examples:
  $ monzo feed post --title "Saved £5 today"
  $ monzo feed post --title "Build passed" --url https://ci.example.com/42 --account joint`;

/** `monzo feed post`: the feed of the account in the Monzo app. */
export function registerFeed(program: Command, context: CliContext): void {
  const feed = program
    .command('feed')
    .description("post items to your account's feed in the Monzo app")
    .addHelpText('after', EXAMPLES);
  registerFeedPost(feed, context);
}
