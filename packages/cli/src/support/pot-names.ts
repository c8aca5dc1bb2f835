import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliContext } from '../context.js';

/** The file, under the cache folder, that shell completion reads pot names from: one name a line. */
export const POT_NAMES_FILE = 'pot-names';

/**
 * Keeps the names of the pots `monzo pots` last listed, for shell completion (`monzo completion`) to offer
 * without running the CLI. Names only: nothing else of the account, never a token. A name holding a line break
 * or another control character is left out (it could not be one line). Best effort: a cache that cannot be
 * written costs completion its pot names, never the command its result.
 */
export async function rememberPotNames(
  context: CliContext,
  pots: readonly { name: string }[],
): Promise<void> {
  const folder = context.paths.cache;
  if (!folder) return;
  const names = pots.map((pot) => pot.name).filter((name) => name !== '' && !hasControlCharacter(name));
  const file = join(folder, POT_NAMES_FILE);
  const partial = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await writeFile(partial, names.map((name) => `${name}\n`).join(''), { mode: 0o600 });
    await rename(partial, file);
  } catch {
    await rm(partial, { force: true }).catch(() => {});
    // no cache: completion offers no pot names until a listing can be kept
  }
}

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
