import { readFile, rename, writeFile } from 'node:fs/promises';

/** Where each account's export got to: the id of the last transaction written, and the file it went to. */
export interface ExportState {
  accounts: Record<string, { after: string; file: string }>;
}

/** The state of the last runs, or an empty one on the first. */
export async function readState(path: string): Promise<ExportState> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ExportState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { accounts: {} };
    throw new Error(`${path} is not a state file this job wrote: ${(error as Error).message}`);
  }
}

/** Replaces the state in one step: a crash leaves the old state or the new, never half of one. */
export async function writeState(path: string, state: ExportState): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temporary, path);
}
