/**
 * The one bound on durations and instants, shared by every way in (API headers, control plane,
 * CLI flags, snapshots, state files, scenarios, in-process calls). The clock stays between the
 * Unix epoch and year 9000, and no duration is longer than 3650 days, so every time the simulator
 * computes from them (the clock plus a delay, a period end, a minimum commitment) stays a valid
 * date with a four-digit year: `toISOString()` never throws and the ISO form never changes shape.
 */
export const DAY_MS = 86_400_000;
/** The longest duration accepted anywhere: 3650 days (about 10 years). */
export const MAX_DURATION_MS = 3650 * DAY_MS;
/** The earliest instant the clock may show. */
export const MIN_INSTANT_MS = Date.UTC(1970, 0, 1);
/** The latest instant the clock may reach. */
export const MAX_INSTANT_MS = Date.UTC(9000, 0, 1);
/** The latest due time of scheduled work: the latest clock plus two of the longest durations. */
export const MAX_DUE_MS = MAX_INSTANT_MS + 2 * MAX_DURATION_MS;

export const MAX_DURATION_TEXT = '3650d';
export const MIN_INSTANT_TEXT = '1970-01-01T00:00:00Z';
export const MAX_INSTANT_TEXT = '9000-01-01T00:00:00Z';

export function isDurationMs(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_DURATION_MS;
}

export function isInstantMs(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;
}

export function isDueMs(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_DUE_MS;
}
