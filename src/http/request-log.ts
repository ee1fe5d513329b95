import { toIso } from '../engine/clock.js';

export interface RequestEntry {
  /** Simulated time of the request, ISO-8601. */
  time: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

/** The last N requests, for `GET /__mock/requests` and the server's one-line-per-request log. */
export class RequestLog {
  /** Kept with a numeric time: formatting it is left to the few readers (a cost on every request). */
  readonly #entries: (Omit<RequestEntry, 'time'> & { at: number })[] = [];
  readonly #listeners: ((entry: RequestEntry) => void)[] = [];

  constructor(readonly capacity = 200) {}

  add(entry: Omit<RequestEntry, 'time'> & { at: number }): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.shift();
    if (this.#listeners.length === 0) return;
    const full = present(entry);
    for (const listener of this.#listeners) listener(full);
  }

  /** Newest first. */
  recent(limit = this.capacity): RequestEntry[] {
    return this.#entries.slice(-limit).reverse().map(present);
  }

  clear(): void {
    this.#entries.length = 0;
  }

  onEntry(listener: (entry: RequestEntry) => void): void {
    this.#listeners.push(listener);
  }
}

function present({ at, ...rest }: Omit<RequestEntry, 'time'> & { at: number }): RequestEntry {
  return { time: toIso(at), ...rest };
}
