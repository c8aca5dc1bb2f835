/**
 * Bank text (descriptions, merchant and pot names, notes, metadata, server messages) is written by others: in
 * output for a person it must print as text and never steer the terminal. ESC starts CSI and OSC sequences
 * (repaint, move the cursor, set the title, write the clipboard, make links); CR and BS overwrite what is
 * shown; BEL rings; C1 controls are 8-bit escapes; bidi overrides (U+202E) show text in another order than it
 * is. Machine output (`--json`, ndjson, CSV, exports) stays exact: these are for human output only.
 */

/** Line and column breaks: a space in a one-line field. */
const BREAKS = /\r\n|[\t\n\v\f\r\u0085\u2028\u2029]/g;
/** Every other control: C0, DEL, C1, and the bidirectional controls (marks, embeddings, overrides, isolates). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same, keeping newline and tab, which only lay text out. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const STEERING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Select Graphic Rendition: colours and bold, as picocolors writes them; nothing else of ESC is kept. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is the start of what is matched.
const SGR = /(\u001b\[[0-9;]*m)/;

/** A piece of bank text for one line or one table cell: breaks become spaces, every control goes. */
export function plain(text: string): string {
  return text.replace(BREAKS, ' ').replace(CONTROLS, '');
}

/** Bank text of several lines (an error's reason, a note): as `plain`, keeping its newlines and tabs. */
export function plainLines(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(STEERING, '');
}

/**
 * The last guard on whatever is printed for a person: as `plainLines`, but keeping our own colours. Any other
 * escape sequence loses its ESC and prints as harmless text.
 */
export function terminalSafe(text: string): string {
  return text
    .split(SGR)
    .map((part, index) => (index % 2 === 1 ? part : plainLines(part)))
    .join('');
}
