/**
 * The emulator's default port, as `@monzo-ts/mock` exports it (a test holds the two equal): `monzo mock --help`
 * names it without loading the emulator.
 */
export const DEFAULT_PORT = 7310;
