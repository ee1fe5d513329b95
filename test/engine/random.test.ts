import { describe, expect, it } from 'vitest';
import { luhnComplete, luhnValid, Random, unguessableToken } from '../../src/engine/random.js';

const ID = /^sub_[0-9A-Za-z]{28}$/;

describe('Random ids', () => {
  it('are the prefix, an underscore and 28 characters of [0-9A-Za-z]', () => {
    const random = new Random('ids');
    for (let i = 0; i < 200; i++) expect(random.id('sub')).toMatch(ID);
    expect(random.id('usr')).toMatch(/^usr_[0-9A-Za-z]{28}$/);
  });

  it('sort in the order they were created', () => {
    const random = new Random('order');
    const ids = Array.from({ length: 2000 }, () => random.id('sim'));
    // Plain code-unit comparison, as a database or Array.sort would do.
    expect([...ids].sort()).toEqual(ids);
  });

  it('are all different', () => {
    const random = new Random('unique');
    const ids = Array.from({ length: 5000 }, () => random.id('adr'));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('start like real Gigs ids of this era ("0U")', () => {
    expect(new Random('era').id('sub').slice(4, 6)).toBe('0U');
  });
});

describe('Random seeding', () => {
  it('gives the same sequence of ids, digits and numbers for the same seed', () => {
    const draw = (r: Random) => [r.id('sub'), r.digits(12), r.next(), r.int(1, 6), r.id('sim'), r.pick(['a', 'b', 'c'])];
    expect(draw(new Random('same'))).toEqual(draw(new Random('same')));
    expect(draw(new Random(42))).toEqual(draw(new Random('42')));
  });

  it('gives different sequences for different seeds', () => {
    expect(new Random('one').id('sub')).not.toBe(new Random('two').id('sub'));
    expect(new Random('one').digits(20)).not.toBe(new Random('two').digits(20));
  });

  it('picks a random seed when none is given', () => {
    expect(new Random().seed).not.toBe(new Random().seed);
  });

  it('continues the exact sequence after a state is restored', () => {
    const random = new Random('resume');
    random.id('sub');
    random.digits(5);
    const state = JSON.parse(JSON.stringify(random.state()));
    const expected = [random.id('sub'), random.next(), random.digits(8)];
    const other = new Random('something else');
    other.restore(state);
    expect([other.id('sub'), other.next(), other.digits(8)]).toEqual(expected);
  });
});

describe('Random values', () => {
  it('draws floats in [0, 1)', () => {
    const random = new Random('floats');
    for (let i = 0; i < 10_000; i++) {
      const x = random.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('draws integers within both inclusive bounds and reaches each bound', () => {
    const random = new Random('ints');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = random.int(2, 9);
      expect(Number.isInteger(n)).toBe(true);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('draws the requested number of decimal digits', () => {
    const random = new Random('digits');
    expect(random.digits(15)).toMatch(/^\d{15}$/);
    expect(random.digits(0)).toBe('');
  });

  it('refuses to pick from an empty list', () => {
    expect(() => new Random('empty').pick([])).toThrow(RangeError);
  });
});

describe('unguessableToken', () => {
  it('has at least 128 bits as base64url (22 characters or more)', () => {
    const token = unguessableToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  });

  it('does not follow the seed: two tokens differ', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => unguessableToken()));
    expect(tokens.size).toBe(100);
  });
});

describe('Luhn check digit', () => {
  it('completes the textbook example 7992739871 with 3', () => {
    expect(luhnComplete('7992739871')).toBe('79927398713');
  });

  it('accepts the ICCID of the getting-started guide', () => {
    expect(luhnValid('89883070000007537119')).toBe(true);
  });

  it('rejects a number with one digit changed or two neighbours swapped', () => {
    expect(luhnValid('89883070000007537118')).toBe(false);
    expect(luhnValid('89883070000007537191')).toBe(false);
  });

  it('rejects anything that is not only digits', () => {
    expect(luhnValid('8988307000000753711F')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('12 34')).toBe(false);
  });

  it('always produces numbers it accepts', () => {
    const random = new Random('luhn');
    for (let i = 0; i < 500; i++) expect(luhnValid(luhnComplete(random.digits(19)))).toBe(true);
  });
});
