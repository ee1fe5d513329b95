import { MAX_DURATION_MS } from './time-bounds.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses the durations users type in flags, headers and control-plane bodies: `0`, `500ms`, `5s`,
 * `2m`, `1h`, `1d`, `1.5s`. A bare number is milliseconds. Returns undefined when it is not one, or
 * when it is longer than MAX_DURATION_MS (numbers and strings alike: see time-bounds.ts).
 */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0 && input <= MAX_DURATION_MS ? Math.round(input) : undefined;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(input);
  if (!match) return undefined;
  const value = Number(match[1]) * (UNITS[match[2] ?? 'ms'] ?? 1);
  return Number.isFinite(value) && value <= MAX_DURATION_MS ? Math.round(value) : undefined;
}

export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
