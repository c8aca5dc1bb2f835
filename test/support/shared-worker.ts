/**
 * Setup of every file in the shared worker threads (vitest.config.ts, project 'shared'): what a file changes in
 * its thread's globals, the next file in the same thread would inherit. So at the end of each file, whatever
 * vitest can undo is undone (fake timers, spies, stubbed globals and environment variables), and anything else
 * the file replaced on globalThis, Math, Date or process.env and did not put back is put back and fails the file,
 * naming what it left: restore it in an afterEach or afterAll, or give the file a process of its own
 * (`// Own process: <why>`, test/support/pools.ts).
 */
import { afterAll, vi } from 'vitest';

/** Each global a file could replace and a later file would call, with the value it had when the file began. */
function snapshot(): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const key of Reflect.ownKeys(globalThis)) {
    if (typeof key !== 'string') continue;
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, key);
    // Getters (vitest's own, Node's lazy ones) are not values a test assigns.
    if (descriptor && 'value' in descriptor) values.set(`globalThis.${key}`, descriptor.value);
  }
  for (const key of Reflect.ownKeys(Math))
    if (typeof key === 'string') values.set(`Math.${key}`, Reflect.get(Math, key));
  values.set('Date.now', Date.now);
  return values;
}

function restore(name: string, value: unknown): void {
  const [owner, key] = name.split('.') as [string, string];
  const target = owner === 'Math' ? Math : owner === 'Date' ? Date : globalThis;
  Reflect.set(target, key, value);
}

const before = snapshot();
const environment = { ...process.env };

afterAll(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();

  const left: string[] = [];
  const after = snapshot();
  for (const [name, value] of before) {
    if (Object.is(after.get(name), value)) continue;
    left.push(name);
    restore(name, value);
  }
  for (const name of new Set([...Object.keys(environment), ...Object.keys(process.env)])) {
    if (process.env[name] === environment[name]) continue;
    left.push(`process.env.${name}`);
    if (environment[name] === undefined) delete process.env[name];
    else process.env[name] = environment[name];
  }
  if (left.length > 0) {
    throw new Error(
      `this file left ${left.join(', ')} changed for the next file in its worker thread: restore ` +
        "them when done, or give the file a process of its own ('// Own process: <why>')",
    );
  }
});
