/** Test support: bank text with every way of steering a terminal in it, and a check that none got through. */
export const HOSTILE =
  'Caf\u00e9 \u001b[2J\u001b[H\u001b]0;pwned\u0007\u001b]52;c;ZWNobyBoaQ==\u001b\\\u001b]8;;http://evil.example\u0007link' +
  '\rEVIL\u009b31m\u0090q\u009c\u202eLIAM\u202c\u2066x\u2069\u200f\u0008\u007f\u0000\u000b\u000c\u0085\u2028end';

const BIDI = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

/**
 * The characters of `text` a terminal would act on rather than print (newline and tab aside), as code points;
 * with `colours`, SGR sequences (ours) are allowed.
 */
export function steering(text: string, options: { colours?: boolean } = {}): number[] {
  const found: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x1b && options.colours) {
      const sgr = /^\[[0-9;]*m/.exec(text.slice(index + 1));
      if (sgr) {
        index += sgr[0].length;
        continue;
      }
    }
    const control = (code < 0x20 && code !== 0x0a && code !== 0x09) || (code >= 0x7f && code <= 0x9f);
    if (control || BIDI.has(code)) found.push(code);
  }
  return found;
}
