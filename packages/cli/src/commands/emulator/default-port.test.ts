import { DEFAULT_PORT as EMULATOR_DEFAULT_PORT } from '@monzo-ts/mock';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT } from './default-port.js';

describe('the default port `monzo mock --help` names', () => {
  it('is the one the emulator listens on', () => {
    expect(DEFAULT_PORT).toBe(EMULATOR_DEFAULT_PORT);
  });
});
