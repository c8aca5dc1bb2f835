import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../context.js';
import { runDemo } from './demo.js';

describe('monzo demo and pot transfers', () => {
  it('labels a move to or from a pot by its name, as `monzo transactions` does, never by its raw id', async () => {
    const lines: string[] = [];
    const context = { terminal: { env: {}, stdoutIsTTY: false } } as unknown as CliContext;
    await runDemo(context, (line) => lines.push(line));
    const text = lines.join('\n');
    const latest = text.slice(text.indexOf('8. The latest'), text.indexOf('9. £5.00'));
    // The demo's dataset (seed 42) has pot transfers among its latest ten.
    expect(latest).toMatch(/ {2}pot: \w+/);
    expect(latest).not.toMatch(/pot_\w+/);
  });
});
