import { describe, expect, it } from 'vitest';
import { plain, plainLines, terminalSafe } from './plain.js';
import { HOSTILE, steering } from './test-bank-text.js';

describe('bank text in human output', () => {
  it('plain: one line, printable only, the words kept', () => {
    const shown = plain(HOSTILE);
    expect(steering(shown)).toEqual([]);
    expect(shown).not.toMatch(/[\n\t]/);
    expect(shown).toBe(
      'Café [2J[H]0;pwned]52;c;ZWNobyBoaQ==\\]8;;http://evil.examplelink EVIL31mqLIAMx    end',
    );
    expect(plain('a\tb\r\nc\nd')).toBe('a b c d');
    // What is not a control stays: accents, emoji (joined with ZWJ), other scripts.
    expect(plain('Crème brûlée 👨‍👩‍👧 مقهى 東京')).toBe('Crème brûlée 👨‍👩‍👧 مقهى 東京');
  });

  it('plainLines: the same, keeping newlines and tabs; a CR never returns to the start of a line', () => {
    expect(plainLines('a\tb\r\nc\rd\u001b[1Ae')).toBe('a\tb\nc\nd[1Ae');
    expect(steering(plainLines(HOSTILE))).toEqual([]);
  });

  it('terminalSafe: keeps our colours, and nothing else of an escape', () => {
    const ours = '\u001b[32m✔\u001b[39m done\n\u001b[2mWaiting\u001b[22m';
    expect(terminalSafe(ours)).toBe(ours);
    const mixed = terminalSafe(`\u001b[31merror:\u001b[39m ${HOSTILE}`);
    expect(mixed.startsWith('\u001b[31merror:\u001b[39m Café [2J[H]0;pwned')).toBe(true);
    expect(steering(mixed, { colours: true })).toEqual([]);
    expect(steering(mixed)).toHaveLength(2);
  });
});
