import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { requireTool, TOOLS } from '../../../../scripts/system-tools.mjs';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Headless Chromium with a fresh profile of its own, removed on close: the system's browser, found as
 * `scripts/ensure-chromium.mjs` finds it (CHROMIUM_PATH, else the PATH), never a downloaded one. Fails, rather
 * than skips, when there is none: the login must be proven in a real browser.
 */
export async function launchChromium(): Promise<{ browser: BrowserContext; close(): Promise<void> }> {
  const executablePath = requireTool(TOOLS.chromium);
  const profile = await mkdtemp(join(tmpdir(), 'monzo-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ARGS,
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
