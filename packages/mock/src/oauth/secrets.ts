/** The secret values of the login: codes and tokens, and how a client secret is compared. */

/**
 * A long unguessable value (Web Crypto, so the core runs in any fetch runtime): codes and tokens must not be
 * predictable even from an emulator, as a test server may be reachable by other programs on the machine.
 */
export function secureRandom(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  let binary = '';
  for (const byte of raw) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Compares two strings without stopping at the first difference. */
export function constantTimeEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    difference |= (a.charCodeAt(index) || 0) ^ (b.charCodeAt(index) || 0);
  }
  return difference === 0;
}
