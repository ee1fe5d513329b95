import { JOB_PORT_OUT_EXPIRE, JOB_PORT_OUT_ISSUE } from '../store/port-outs.js';
import { JOB_PORTING_EXPIRE, JOB_PORTING_STEP } from '../store/portings.js';
import type { Store } from '../store/store.js';
import { JOB_ADDON_PERIOD_END } from '../store/subscription-addons.js';
import { JOB_ACTIVATE, JOB_PERIOD_END } from '../store/subscriptions.js';
import type { Clock } from './clock.js';
import type { Scheduler } from './scheduler.js';
import { isInstantMs, MAX_INSTANT_TEXT } from './time-bounds.js';

/**
 * Drives background work: registers what each kind of job does and settles due work. Scheduled
 * transitions run as the `system` actor, as Gigs reports them in events.
 */
export class Engine {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #scheduler: Scheduler;

  constructor(store: Store, clock: Clock, scheduler: Scheduler) {
    this.#store = store;
    this.#clock = clock;
    this.#scheduler = scheduler;
    const system = { type: 'system' } as const;
    scheduler.on(JOB_ACTIVATE, (job) => store.as(system, () => store.subscriptions.activateDue(job.project, job.target)));
    scheduler.on(JOB_PERIOD_END, (job) =>
      store.as(system, () => store.subscriptions.periodEnded(job.project, job.target, Number(job.data?.period ?? 0))),
    );
    scheduler.on(JOB_ADDON_PERIOD_END, (job) =>
      store.as(system, () => store.subscriptionAddons.periodEnded(job.project, job.target, Number(job.data?.period ?? 0))),
    );
    // The simulated donor's steps and the 30-day expiries; a job whose step is stale does nothing.
    const step = (job: { data?: Record<string, unknown> }) => Number(job.data?.step ?? -1);
    scheduler.on(JOB_PORTING_STEP, (job) => store.as(system, () => store.portings.stepDue(job.project, job.target, step(job))));
    scheduler.on(JOB_PORTING_EXPIRE, (job) =>
      store.as(system, () => store.portings.expireDue(job.project, job.target, step(job))),
    );
    scheduler.on(JOB_PORT_OUT_ISSUE, (job) =>
      store.as(system, () => store.portOuts.issueDue(job.project, job.target, step(job))),
    );
    scheduler.on(JOB_PORT_OUT_EXPIRE, (job) =>
      store.as(system, () => store.portOuts.expireDue(job.project, job.target, step(job))),
    );
  }

  /** Runs everything due by the clock's now; called before each request and by the server's tick. */
  settle(): number {
    const now = this.#clock.now();
    const first = this.#scheduler.nextDueAt();
    if (first === undefined || first > now) return 0;
    // Each job runs at its own due time, as advance() does: a subscription due at 00:00:05 and
    // first looked at an hour later was activated at 00:00:05, not when someone looked. The clock
    // goes back to the first due time for the duration of the run and ends where it was, plus, for
    // a running clock, the wall time the run took (a running clock never falls behind wall time).
    const wallStart = this.#clock.wallNow();
    this.#clock.set(first);
    const ran = this.advance(now - first);
    if (!this.#clock.frozen) {
      const expected = now + (this.#clock.wallNow() - wallStart);
      if (this.#clock.now() < expected) this.#clock.set(expected);
    }
    return ran;
  }

  /** Moves the clock forward and runs what fell due, in order, each at its own due time. */
  advance(ms: number): number {
    const target = this.#clock.now() + ms;
    // Checked before anything runs: a refused advance leaves time and state as they were.
    if (!isInstantMs(target)) throw new RangeError(`the clock cannot pass ${MAX_INSTANT_TEXT}`);
    let ran = 0;
    // Step through due times so work scheduled by a job (a renewal) sees the right "now".
    for (let next = this.#scheduler.nextDueAt(); next !== undefined && next <= target; next = this.#scheduler.nextDueAt()) {
      this.#clock.advance(Math.max(0, next - this.#clock.now()));
      ran += this.#scheduler.runDue(this.#clock.now());
    }
    this.#clock.advance(Math.max(0, target - this.#clock.now()));
    ran += this.#scheduler.runDue(this.#clock.now());
    return ran;
  }

  get store(): Store {
    return this.#store;
  }
}
