import { describe, expect, it } from 'vitest';
import { addMonths, Clock, ManualClock, toIso, toMillis } from '../../src/engine/clock.js';

const START = Date.parse('2026-01-01T00:00:00Z');

/** A wall clock the test moves by hand, so a running Clock can be checked without sleeping. */
function fakeWall(start = 1_000_000) {
  let now = start;
  return { read: () => now, move: (ms: number) => (now += ms) };
}

describe('Clock', () => {
  it('starts a ManualClock at 2026-01-01T00:00:00Z by default', () => {
    expect(new ManualClock().nowIso()).toBe('2026-01-01T00:00:00Z');
  });

  it('starts a ManualClock at the instant it is given', () => {
    expect(new ManualClock('2030-06-15T12:00:00Z').now()).toBe(Date.parse('2030-06-15T12:00:00Z'));
  });

  it('keeps a frozen clock still while wall time passes', () => {
    const wall = fakeWall();
    const clock = new Clock({ start: START, frozen: true, wall: wall.read });
    wall.move(60_000);
    expect(clock.now()).toBe(START);
  });

  it('moves a frozen clock forward by exactly the advanced duration', () => {
    const clock = new ManualClock();
    expect(clock.advance(5000)).toBe(START + 5000);
    expect(clock.now()).toBe(START + 5000);
  });

  it('rejects a negative or non-finite advance and keeps the time', () => {
    const clock = new ManualClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(clock.now()).toBe(START);
  });

  it('lets a running clock follow wall time from its start instant', () => {
    const wall = fakeWall();
    const clock = new Clock({ start: START, wall: wall.read });
    wall.move(1500);
    expect(clock.now()).toBe(START + 1500);
  });

  it('adds an advance to a running clock on top of wall time', () => {
    const wall = fakeWall();
    const clock = new Clock({ start: START, wall: wall.read });
    clock.advance(60_000);
    wall.move(1000);
    expect(clock.now()).toBe(START + 61_000);
  });

  it('jumps to the instant given to set, frozen or running', () => {
    const wall = fakeWall();
    const frozen = new Clock({ start: START, frozen: true, wall: wall.read });
    const running = new Clock({ start: START, wall: wall.read });
    const target = '2026-03-01T10:00:00Z';
    frozen.set(target);
    running.set(target);
    expect(frozen.nowIso()).toBe('2026-03-01T10:00:00Z');
    expect(running.nowIso()).toBe('2026-03-01T10:00:00Z');
    wall.move(2000);
    expect(frozen.nowIso()).toBe('2026-03-01T10:00:00Z');
    expect(running.nowIso()).toBe('2026-03-01T10:00:02Z');
  });

  it('keeps the current instant when frozen and resumes from it when unfrozen', () => {
    const wall = fakeWall();
    const clock = new Clock({ start: START, wall: wall.read });
    wall.move(1000);
    clock.freeze(true);
    expect(clock.frozen).toBe(true);
    wall.move(5000);
    expect(clock.now()).toBe(START + 1000);
    clock.freeze(false);
    wall.move(250);
    expect(clock.now()).toBe(START + 1250);
  });

  it('restores the exact instant of a frozen clock from its state', () => {
    const clock = new ManualClock();
    clock.advance(42_000);
    const state = clock.state();
    const other = new ManualClock('2020-01-01T00:00:00Z');
    other.restore(state);
    expect(other.now()).toBe(START + 42_000);
    expect(other.frozen).toBe(true);
  });

  it('formats instants as ISO-8601 UTC without fractions of a second', () => {
    const clock = new ManualClock();
    clock.advance(1234);
    expect(clock.nowIso()).toBe('2026-01-01T00:00:01Z');
    expect(toIso(Date.parse('2021-01-21T19:38:34.999Z'))).toBe('2021-01-21T19:38:34Z');
  });

  it('rejects an instant that is not a date', () => {
    expect(() => toMillis('not a date')).toThrow(RangeError);
    expect(() => new ManualClock('yesterday-ish')).toThrow(RangeError);
    expect(toMillis(new Date(START))).toBe(START);
  });
});

describe('addMonths', () => {
  it('adds calendar months in UTC', () => {
    expect(toIso(addMonths(Date.parse('2026-01-15T08:30:00Z'), 1))).toBe('2026-02-15T08:30:00Z');
    expect(toIso(addMonths(Date.parse('2026-11-30T00:00:00Z'), 3))).toBe('2027-02-28T00:00:00Z');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(toIso(addMonths(Date.parse('2026-01-31T00:00:00Z'), 1))).toBe('2026-02-28T00:00:00Z');
    expect(toIso(addMonths(Date.parse('2028-01-31T00:00:00Z'), 1))).toBe('2028-02-29T00:00:00Z');
    expect(toIso(addMonths(Date.parse('2026-03-31T00:00:00Z'), 1))).toBe('2026-04-30T00:00:00Z');
  });
});
