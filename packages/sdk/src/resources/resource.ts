import type { RequestOptions, Transport } from '../core/transport.js';

/** The base of every resource: a handle on the one request pipeline. */
export abstract class Resource {
  constructor(protected readonly transport: Transport) {}
}

export type { RequestOptions };
