/**
 * The simulator's notion of "now". Everything that needs domain time asks a Clock; nothing else in
 * src/ reads the wall clock, so tests can move time instead of sleeping.
 *
 * A clock runs in one of two modes:
 * - running: wall time plus an offset (what `npm start` uses, so activation after "5s" really takes 5s)
 * - frozen:  a fixed instant that only moves when told to (what tests use: `new ManualClock()`)
 */
import { isInstantMs, MAX_INSTANT_TEXT, MIN_INSTANT_TEXT } from './time-bounds.js';

export interface ClockState {
  frozen: boolean;
  /** frozen: the instant itself; running: the offset added to wall time. */
  value: number;
}

export class Clock {
  #frozen: boolean;
  #value: number;
  readonly #wall: () => number;

  constructor(options: { start?: number | Date | string; frozen?: boolean; wall?: () => number } = {}) {
    this.#wall = options.wall ?? Date.now;
    this.#frozen = options.frozen ?? false;
    const start = options.start === undefined ? this.#wall() : toInstant(options.start);
    this.#value = this.#frozen ? start : start - this.#wall();
  }

  now(): number {
    return this.#frozen ? this.#value : this.#wall() + this.#value;
  }

  nowIso(): string {
    return toIso(this.now());
  }

  /** The wall time behind a running clock (for measuring how long work took). */
  wallNow(): number {
    return this.#wall();
  }

  get frozen(): boolean {
    return this.#frozen;
  }

  /** Moves time forward by ms (never backwards: scheduled work would be skipped otherwise). */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance needs a non-negative duration');
    if (!isInstantMs(this.now() + ms)) throw new RangeError(`the clock cannot pass ${MAX_INSTANT_TEXT}`);
    this.#value += ms;
    return this.now();
  }

  /** Jumps to an instant; the caller settles due work afterwards. */
  set(instant: number | Date | string): number {
    const target = toInstant(instant);
    this.#value = this.#frozen ? target : target - this.#wall();
    return this.now();
  }

  freeze(frozen: boolean): void {
    if (frozen === this.#frozen) return;
    const now = this.now();
    this.#frozen = frozen;
    this.#value = frozen ? now : now - this.#wall();
  }

  state(): ClockState {
    return { frozen: this.#frozen, value: this.#frozen ? this.#value : this.now() };
  }

  restore(state: ClockState): void {
    toInstant(state.value);
    this.#frozen = state.frozen;
    this.#value = state.frozen ? state.value : state.value - this.#wall();
  }
}

/** A clock that stands still until advanced: the default for tests. */
export class ManualClock extends Clock {
  constructor(start: number | Date | string = '2026-01-01T00:00:00Z') {
    super({ start, frozen: true });
  }
}

/** Wall-clock timers for the server's own housekeeping (never for domain time). */
export const wallTimers = {
  every(ms: number, fn: () => void): { stop(): void } {
    const handle = setInterval(fn, ms);
    handle.unref();
    return { stop: () => clearInterval(handle) };
  },
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  },
  now(): number {
    return Date.now();
  },
};

export function toMillis(instant: number | Date | string): number {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return ms;
}

/** An instant the clock may show (see time-bounds.ts); a RangeError otherwise. */
export function toInstant(instant: number | Date | string): number {
  const ms = toMillis(instant);
  if (!isInstantMs(ms))
    throw new RangeError(`not an instant from ${MIN_INSTANT_TEXT} to ${MAX_INSTANT_TEXT}: ${String(instant)}`);
  return ms;
}

/** The last few instants formatted (a clock advance alternates "now" and "period end"). */
const recentIso = new Map<number, string>();

/**
 * Gigs timestamps are ISO-8601 UTC without fractions ("2021-01-21T19:38:34Z"). Remembers the last
 * few answers: a clock advance stamps thousands of objects with the same instants.
 */
export function toIso(ms: number): string {
  let iso = recentIso.get(ms);
  if (iso === undefined) {
    const full = new Date(ms).toISOString();
    // Years past 9999 get a longer, signed form; keep whatever Date gives for those.
    iso = full.length === 24 ? `${full.slice(0, 19)}Z` : full.replace(/\.\d{3}Z$/, 'Z');
    if (recentIso.size >= 8) recentIso.clear();
    recentIso.set(ms, iso);
  }
  return iso;
}

/** Adds calendar months in UTC, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}
