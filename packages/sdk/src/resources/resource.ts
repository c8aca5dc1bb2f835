import type { RequestOptions, Transport } from '../core/transport.js';

/**
 * The base of every resource: a handle on the one request pipeline. Methods are `async` even when they only
 * return the pipeline's promise, so that bad input rejects that promise like any other failure instead of
 * throwing at the call.
 */
export abstract class Resource {
  /** @internal Only `MonzoClient` makes resources: it owns the pipeline they share. */
  constructor(protected readonly transport: Transport) {}
}

export type { RequestOptions };
