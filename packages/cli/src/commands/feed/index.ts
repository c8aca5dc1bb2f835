import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { registerFeedPost } from './post.js';

/** `monzo feed post`: the feed of the account in the Monzo app. */
export function registerFeed(program: Command, context: CliContext): void {
  const feed = program.command('feed').description("post items to your account's feed in the Monzo app");
  registerFeedPost(feed, context);
}
