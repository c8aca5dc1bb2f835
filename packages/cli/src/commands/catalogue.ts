/** A command as `monzo --help` lists it. */
export interface CatalogueLine {
  /** Its line in `monzo --help`: the name, then `[options]` and its arguments, as commander writes them. */
  term: string;
  description: string;
}

/**
 * Every command, in the order `monzo --help` lists them: the root's help is written from this alone, before any
 * command's code is loaded (see `loaders.ts` for that). `load-program.test.ts` holds each line to the command's
 * own definition.
 */
export const catalogue: readonly CatalogueLine[] = [
  {
    term: 'login [options]',
    description: 'log in to Monzo through your browser',
  },
  {
    term: 'whoami',
    description: 'show the Monzo user and client you are logged in as',
  },
  {
    term: 'logout [options]',
    description: 'revoke your login and delete it from this computer',
  },
  {
    term: 'accounts',
    description: 'list your accounts',
  },
  {
    term: 'balance',
    description: 'show the balance of an account (the open personal one unless --account says)',
  },
  {
    term: 'pots [options]',
    description: 'list your pots, or move money into and out of them',
  },
  {
    term: 'transactions [options]',
    description: 'list recent transactions; annotate or export them',
  },
  {
    term: 'sync [options]',
    description: 'keep your whole history in a local SQLite database, past the 90 days Monzo shows',
  },
  {
    term: 'feed',
    description: "post items to your account's feed in the Monzo app",
  },
  {
    term: 'webhooks',
    description: 'list, add and remove the webhooks of an account, or listen to its events here',
  },
  {
    term: 'mock [options]',
    description: 'run the Monzo API emulator on loopback, for trying the CLI and for tests',
  },
  {
    term: 'demo',
    description: 'run the whole flow against an in-process Monzo emulator, checking each step',
  },
  {
    term: 'completion <shell>',
    description: 'print a completion script for bash, zsh or fish',
  },
];

/** The word that runs the command: `pots` for `pots`, `login` for `login [options]`. */
export function nameOf(line: { term: string }): string {
  return line.term.split(' ', 1)[0] as string;
}
