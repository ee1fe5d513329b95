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

/** The jobs due at one instant, in insertion order; `head` is the next one to run. */
interface Bucket {
  jobs: Job[];
  head: number;
}

/**
 * One queue of due work ordered by (due time, insertion order). `runDue(now)` runs everything that
 * has fallen due, including work scheduled by the jobs it runs, in order.
 *
 * Jobs are grouped by due instant: a binary heap orders the distinct instants and each instant
 * holds a FIFO bucket. Lifecycle work clusters on few instants (100k subscriptions created together
 * activate together, and renew together), so most scheduling and running is O(1).
 */
export class Scheduler {
  #times: number[] = [];
  #buckets = new Map<number, Bucket>();
  #size = 0;
  #seq = 0;
  #handlers = new Map<string, JobHandler>();
  #running = false;
  #ran = 0;
  #cancelListeners: ((jobs: Job[]) => void)[] = [];
  /** Told about a job that threw; the job is dropped and the queue goes on. */
  onError: (job: Job, error: unknown) => void = () => {};

  on(kind: string, handler: JobHandler): void {
    this.#handlers.set(kind, handler);
  }

  schedule(job: Omit<Job, 'seq'>): Job {
    // Spelled out, not spread: a spread at a call site that sees several shapes gives every job a
    // hidden class of its own (about 300 bytes each, for 100k renewals queued).
    const full: Job = { at: job.at, seq: ++this.#seq, kind: job.kind, project: job.project, target: job.target };
    if (job.data !== undefined) full.data = job.data;
    this.#insert(full);
    return full;
  }

  /** Drops queued jobs matching the predicate (e.g. a project's work on reset). */
  cancel(predicate: (job: Job) => boolean): number {
    const kept: Job[] = [];
    const dropped: Job[] = [];
    for (const job of this.jobs()) (predicate(job) ? dropped : kept).push(job);
    this.#reset();
    for (const job of kept) this.#insert(job);
    if (dropped.length > 0) for (const listener of this.#cancelListeners) listener(dropped);
    return dropped.length;
  }

  /**
   * Tells the listener about the jobs each cancel() drops, after it has (a job that is not the
   * project's alone, such as an endpoint's webhook retry, may schedule itself again).
   */
  onCancel(listener: (jobs: Job[]) => void): void {
    this.#cancelListeners.push(listener);
  }

  nextDueAt(): number | undefined {
    return this.#times[0];
  }

  get size(): number {
    return this.#size;
  }

  /** How many jobs ran since creation: a cheap "did anything change" signal for persistence. */
  get ran(): number {
    return this.#ran;
  }

  /**
   * Runs the jobs due at or before `now`, at most `max` of them (the rest stay queued); returns how
   * many ran. Re-entrant calls are no-ops.
   */
  runDue(now: number, max = Number.POSITIVE_INFINITY): number {
    if (this.#running) return 0;
    this.#running = true;
    let count = 0;
    try {
      while (count < max) {
        const at = this.#times[0];
        if (at === undefined || at > now) break;
        const bucket = this.#buckets.get(at) as Bucket;
        // Jobs scheduled for this same instant while it runs join the end of the bucket.
        while (bucket.head < bucket.jobs.length && count < max) {
          const job = bucket.jobs[bucket.head++] as Job;
          this.#size--;
          try {
            this.#handlers.get(job.kind)?.(job);
          } catch (error) {
            // One broken job (say, from a hand-edited state file) must not stop the others or the server.
            this.onError(job, error);
          }
          count++;
          this.#ran++;
        }
        if (bucket.head >= bucket.jobs.length) {
          this.#buckets.delete(at);
          this.#popTime();
        }
      }
    } finally {
      this.#running = false;
    }
    return count;
  }

  /** Every queued job, in the order they will run. */
  jobs(): Job[] {
    const out: Job[] = [];
    for (const at of [...this.#times].sort((a, b) => a - b)) {
      const bucket = this.#buckets.get(at) as Bucket;
      for (let i = bucket.head; i < bucket.jobs.length; i++) out.push(bucket.jobs[i] as Job);
    }
    return out;
  }

  restore(jobs: Job[]): void {
    this.#reset();
    for (const job of [...jobs].sort((a, b) => a.at - b.at || a.seq - b.seq)) this.#insert(job);
    this.#seq = jobs.reduce((max, job) => Math.max(max, job.seq), 0);
  }

  #reset(): void {
    this.#times = [];
    this.#buckets = new Map();
    this.#size = 0;
  }

  #insert(job: Job): void {
    const bucket = this.#buckets.get(job.at);
    if (bucket) bucket.jobs.push(job);
    else {
      this.#buckets.set(job.at, { jobs: [job], head: 0 });
      this.#pushTime(job.at);
    }
    this.#size++;
  }

  #pushTime(at: number): void {
    const heap = this.#times;
    let i = heap.length;
    heap.push(at);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as number;
      if (p <= at) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = at;
  }

  #popTime(): void {
    const heap = this.#times;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && (heap[r] as number) < (heap[l] as number) ? r : l;
      if ((heap[child] as number) >= last) break;
      heap[i] = heap[child] as number;
      i = child;
    }
    heap[i] = last;
  }
}
