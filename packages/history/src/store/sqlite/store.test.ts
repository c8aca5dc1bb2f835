import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { storeContract } from '../contract.js';
import { openSqliteStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'monzo-history-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let made = 0;

storeContract('SQLite', () => openSqliteStore(join(dir, `history-${made++}.sqlite`)));
