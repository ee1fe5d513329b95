export interface RequestEntry {
  time: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

/** The last N requests, for `GET /__mock/requests` and the server's one-line-per-request log. */
export class RequestLog {
  readonly #entries: RequestEntry[] = [];
  readonly #listeners: ((entry: RequestEntry) => void)[] = [];

  constructor(readonly capacity = 200) {}

  add(entry: RequestEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.shift();
    for (const listener of this.#listeners) listener(entry);
  }

  /** Newest first. */
  recent(limit = this.capacity): RequestEntry[] {
    return this.#entries.slice(-limit).reverse();
  }

  clear(): void {
    this.#entries.length = 0;
  }

  onEntry(listener: (entry: RequestEntry) => void): void {
    this.#listeners.push(listener);
  }
}
