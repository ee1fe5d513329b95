/** A unit of background work, kept as plain data so snapshots can carry the schedule. */
export interface Job {
  at: number;
  seq: number;
  kind: string;
  project: string;
  target: string;
  /** Optional extra data for the handler (kept JSON-serializable). */
  data?: Record<string, unknown>;
}

export type JobHandler = (job: Job) => void;

/**
 * One queue of due work ordered by (due time, insertion order). `runDue(now)` runs everything that
 * has fallen due, including work scheduled by the jobs it runs, in order. A binary heap keeps
 * scheduling and popping O(log n), so 100k activations due at once settle in one pass.
 */
export class Scheduler {
  #heap: Job[] = [];
  #seq = 0;
  #handlers = new Map<string, JobHandler>();
  #running = false;
  #ran = 0;
  /** Told about a job that threw; the job is dropped and the queue goes on. */
  onError: (job: Job, error: unknown) => void = () => {};

  on(kind: string, handler: JobHandler): void {
    this.#handlers.set(kind, handler);
  }

  schedule(job: Omit<Job, 'seq'>): Job {
    const full: Job = { ...job, seq: ++this.#seq };
    this.#heap.push(full);
    this.#up(this.#heap.length - 1);
    return full;
  }

  /** Drops queued jobs matching the predicate (e.g. a project's work on reset). */
  cancel(predicate: (job: Job) => boolean): number {
    const before = this.#heap.length;
    this.#heap = this.#heap.filter((job) => !predicate(job));
    this.#heap.sort(compare);
    return before - this.#heap.length;
  }

  /** How many jobs ran since creation: a cheap "did anything change" signal for persistence. */
  get ran(): number {
    return this.#ran;
  }

  nextDueAt(): number | undefined {
    return this.#heap[0]?.at;
  }

  get size(): number {
    return this.#heap.length;
  }

  /** Runs every job due at or before `now`; returns how many ran. Re-entrant calls are no-ops. */
  runDue(now: number): number {
    if (this.#running) return 0;
    this.#running = true;
    let count = 0;
    try {
      for (let top = this.#heap[0]; top !== undefined && top.at <= now; top = this.#heap[0]) {
        this.#pop();
        try {
          this.#handlers.get(top.kind)?.(top);
        } catch (error) {
          // One broken job (say, from a hand-edited state file) must not stop the others or the server.
          this.onError(top, error);
        }
        count++;
        this.#ran++;
      }
    } finally {
      this.#running = false;
    }
    return count;
  }

  jobs(): Job[] {
    return [...this.#heap].sort(compare);
  }

  restore(jobs: Job[]): void {
    this.#heap = [...jobs].sort(compare);
    this.#seq = jobs.reduce((max, job) => Math.max(max, job.seq), 0);
  }

  #pop(): void {
    const last = this.#heap.pop();
    if (last === undefined || this.#heap.length === 0) return;
    this.#heap[0] = last;
    this.#down(0);
  }

  #up(index: number): void {
    const heap = this.#heap;
    let i = index;
    const item = heap[i] as Job;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Job;
      if (compare(item, p) >= 0) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  }

  #down(index: number): void {
    const heap = this.#heap;
    const n = heap.length;
    let i = index;
    const item = heap[i] as Job;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && compare(heap[r] as Job, heap[l] as Job) < 0 ? r : l;
      if (compare(heap[child] as Job, item) >= 0) break;
      heap[i] = heap[child] as Job;
      i = child;
    }
    heap[i] = item;
  }
}

function compare(a: Job, b: Job): number {
  return a.at - b.at || a.seq - b.seq;
}
