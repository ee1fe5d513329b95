import { toIso } from '../engine/clock.js';

export interface RequestEntry {
  /** Simulated time of the request, ISO-8601. */
  time: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

/** An entry as kept: a numeric time, formatted only for the few readers (a cost on every request). */
interface Kept {
  at: number;
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

/**
 * The last N requests, for `GET /__mock/requests` and the server's one-line-per-request log: a ring,
 * so adding one never moves the others.
 */
export class RequestLog {
  readonly #entries: Kept[] = [];
  /** Where the next entry goes once the ring is full (the oldest one). */
  #next = 0;
  readonly #listeners: ((entry: RequestEntry) => void)[] = [];

  constructor(readonly capacity = 200) {}

  add(at: number, method: string, path: string, status: number, durationMs: number): void {
    const entry: Kept = { at, method, path, status, durationMs };
    if (this.#entries.length < this.capacity) this.#entries.push(entry);
    else {
      this.#entries[this.#next] = entry;
      this.#next = (this.#next + 1) % this.capacity;
    }
    if (this.#listeners.length === 0) return;
    const full = present(entry);
    for (const listener of this.#listeners) listener(full);
  }

  /** Newest first. */
  recent(limit = this.capacity): RequestEntry[] {
    const ordered = [...this.#entries.slice(this.#next), ...this.#entries.slice(0, this.#next)];
    return ordered.slice(-limit).reverse().map(present);
  }

  clear(): void {
    this.#entries.length = 0;
    this.#next = 0;
  }

  onEntry(listener: (entry: RequestEntry) => void): void {
    this.#listeners.push(listener);
  }
}

function present(entry: Kept): RequestEntry {
  return { time: toIso(entry.at), method: entry.method, path: entry.path, status: entry.status, durationMs: entry.durationMs };
}
