import { describe, expect, it } from 'vitest';
import { Deque } from '../../src/engine/deque.js';

describe('Deque', () => {
  it('takes items out in the order they went in, across compactions', () => {
    const q = new Deque<number>();
    const out: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      q.push(i);
      if (i % 3 !== 0) out.push(q.shift() as number);
    }
    expect(out).toEqual([...Array(out.length).keys()]);
    expect(q.length).toBe(5_000 - out.length);
    expect(q.peek()).toBe(out.length);
    expect([...q]).toEqual([...Array(q.length).keys()].map((i) => i + out.length));
  });

  it('answers undefined when empty', () => {
    const q = new Deque<string>();
    expect(q.shift()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
    expect(q.length).toBe(0);
  });
});
