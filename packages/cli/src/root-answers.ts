import { EXIT } from './exit-codes.js';
import { ROOT } from './root-command.js';
import { formatRootHelp, helpWidthOf } from './root-help.js';

/** A stream the answer is written to: a terminal's has columns, which the help is wrapped to. */
export interface HelpStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * What `monzo` answers from the root's own data, before commander or any command is loaded: `--version` (`-V`),
 * and the root's help for `--help`, `-h` and `help`, or on stderr as a usage error when no argument is given.
 * Each prints what the whole program prints and resolves to the same exit code; anything else (any other
 * argument beside these) is left to the program: undefined.
 */
export function answerFromRoot(
  argv: readonly string[],
  streams: { stdout: HelpStream; stderr: HelpStream },
): number | undefined {
  if (argv.length > 1) return undefined;
  const [word] = argv;
  if (word === '--version' || word === '-V') {
    streams.stdout.write(`${ROOT.version}\n`);
    return EXIT.ok;
  }
  if (word === '--help' || word === '-h' || word === 'help') {
    writeRootHelp(streams.stdout);
    return EXIT.ok;
  }
  if (word === undefined) {
    writeRootHelp(streams.stderr);
    return EXIT.usage;
  }
  return undefined;
}

/** The help, then the text after it, as commander writes them (two writes, the second with its line end). */
function writeRootHelp(stream: HelpStream): void {
  stream.write(formatRootHelp(helpWidthOf(stream)));
  stream.write(`${ROOT.afterHelp}\n`);
}
