import type { Actor } from './types.js';

type Data = Record<string, unknown>;

/**
 * A change in the domain, as the store reports it; the engine turns it into a Gigs event.
 *
 * Its data may be given as a function that makes the wire form: it runs the first time anyone
 * reads `data` (a webhook delivery, `GET /__mock/events`), or never. Records are replaced, never
 * edited, so a function that closes over the records of the moment still gives the state of that
 * moment later. A clock advance that activates 100k subscriptions then makes no wire forms that
 * nobody reads, and the event log holds a few pointers per event instead of copies.
 */
export class DomainEvent {
  #data: Data | (() => Data);

  constructor(
    readonly type: string,
    readonly project: string,
    readonly actor: Actor,
    data: Data | (() => Data),
    readonly previousData?: Data,
  ) {
    this.#data = data;
  }

  get data(): Data {
    if (typeof this.#data === 'function') this.#data = this.#data();
    return this.#data;
  }
}
