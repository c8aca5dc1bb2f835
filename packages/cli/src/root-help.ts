import { catalogue } from './commands/catalogue.js';
import { ROOT } from './root-command.js';

/** What commander adds to the root by itself: its version option, help option and help command. */
const VERSION_OPTION = { term: '-V, --version', description: 'output the version number' };
const HELP_OPTION = { term: '-h, --help', description: 'display help for command' };
const HELP_COMMAND = { term: 'help [command]', description: 'display help for command' };

/** Commander leaves a description unwrapped when less room than this is left for it. */
const MIN_WIDTH_TO_WRAP = 40;

interface Item {
  term: string;
  description: string;
}

/**
 * The help of `monzo` itself, laid out as commander lays out a command's help (its `Help.formatHelp`) for a
 * terminal `width` columns wide, from the root's data and the catalogue of commands, without loading
 * commander or any command. The program uses it for the root too (`rootProgram`), so that both print the same
 * text; `root-answers.test.ts` holds it to commander's own layout of the whole program.
 */
export function formatRootHelp(helpWidth: number): string {
  const options = [
    VERSION_OPTION,
    ...ROOT.options.map(({ flags, description }) => ({ term: flags, description })),
    HELP_OPTION,
  ];
  const commands = [...catalogue.map(({ term, description }) => ({ term, description })), HELP_COMMAND];
  const termWidth = Math.max(...[...options, ...commands].map((item) => item.term.length));
  const list = (heading: string, items: Item[]) => [
    heading,
    ...items.map((item) => formatItem(item, termWidth, helpWidth)),
    '',
  ];
  return [
    `Usage: ${ROOT.name} [options] [command]`,
    '',
    boxWrap(ROOT.description, helpWidth),
    '',
    ...list('Options:', options),
    ...list('Commands:', commands),
  ].join('\n');
}

/** How wide help may be on `stream`: its columns on a terminal, else 80, as commander decides by default. */
export function helpWidthOf(stream: { isTTY?: boolean; columns?: number }): number {
  return (stream.isTTY ? stream.columns : undefined) ?? 80;
}

/** A term padded to the width of the longest, then its description wrapped beside it (commander's formatItem). */
function formatItem({ term, description }: Item, termWidth: number, helpWidth: number): string {
  const indent = '  ';
  const spacer = 2;
  const room = helpWidth - termWidth - spacer - indent.length;
  const preformatted = /\n[^\S\r\n]/.test(description);
  const text =
    room < MIN_WIDTH_TO_WRAP || preformatted
      ? description
      : boxWrap(description, room).replace(/\n/g, `\n${' '.repeat(termWidth + spacer)}`);
  return `${indent}${term.padEnd(termWidth)}${' '.repeat(spacer)}${text.replace(/\n/g, `\n${indent}`)}`;
}

/** Wraps `text` at whitespace to `width` columns, keeping its own line breaks (commander's boxWrap). */
function boxWrap(text: string, width: number): string {
  if (width < MIN_WIDTH_TO_WRAP) return text;
  const wrapped: string[] = [];
  for (const line of text.split(/\r\n|\n/)) {
    const chunks = line.match(/[\s]*[^\s]+/g);
    if (chunks === null) {
      wrapped.push('');
      continue;
    }
    let current = chunks[0] as string;
    for (const chunk of chunks.slice(1)) {
      if (current.length + chunk.length <= width) {
        current += chunk;
        continue;
      }
      wrapped.push(current);
      current = chunk.trimStart();
    }
    wrapped.push(current);
  }
  return wrapped.join('\n');
}
