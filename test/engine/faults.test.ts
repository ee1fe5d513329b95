import { describe, expect, it } from 'vitest';
import { FaultInjector, type FaultRule } from '../../src/engine/faults.js';
import { Random } from '../../src/engine/random.js';
import { completeInjected } from '../../src/http/errors.js';
import type { Simulator } from '../../src/simulator.js';
import { Messages } from '../../src/store/errors.js';
import { call, makeSim, p } from '../helpers.js';

const injector = (seed = 'test') => new FaultInjector(new Random(seed));

/** Whether a lone rule fires for a request. */
function fires(rule: FaultRule, method: string, path: string, project = 'p'): boolean {
  const faults = injector();
  faults.add(rule);
  return faults.match(method, path, project) !== undefined;
}

/** The hit (true) / miss (false) sequence of a rule over n identical requests. */
function rolls(faults: FaultInjector, n: number): boolean[] {
  return Array.from({ length: n }, () => faults.match('GET', '/projects/p/users', 'p')?.error !== undefined);
}

describe('FaultInjector path patterns', () => {
  it('matches a pattern without /projects after /projects/{project}, in any project', () => {
    expect(fires({ path: '/subscriptions' }, 'POST', '/projects/p/subscriptions')).toBe(true);
    expect(fires({ path: '/subscriptions' }, 'GET', '/projects/another/subscriptions')).toBe(true);
  });

  it('matches /subscriptions only on that path, not below it or elsewhere', () => {
    expect(fires({ path: '/subscriptions' }, 'GET', '/projects/p/subscriptions/sub_1')).toBe(false);
    expect(fires({ path: '/subscriptions' }, 'GET', '/projects/p/users')).toBe(false);
  });

  it('lets * match exactly one segment (/projects/*/users/*)', () => {
    const rule = { path: '/projects/*/users/*' };
    expect(fires(rule, 'GET', '/projects/p/users/usr_1')).toBe(true);
    expect(fires(rule, 'GET', '/projects/p/users')).toBe(false);
    expect(fires(rule, 'GET', '/projects/p/users/usr_1/addresses')).toBe(false);
  });

  it('lets ** match any number of segments (/**)', () => {
    expect(fires({ path: '/**' }, 'GET', '/projects/p/plans')).toBe(true);
    expect(fires({ path: '/**' }, 'DELETE', '/projects/p/users/usr_1/addresses/adr_1')).toBe(true);
  });

  it('lets ** sit in the middle of a pattern', () => {
    const rule = { path: '/projects/**/activate' };
    expect(fires(rule, 'POST', '/projects/p/subscriptions/sub_1/activate')).toBe(true);
    expect(fires(rule, 'POST', '/projects/p/subscriptions/sub_1/cancel')).toBe(false);
  });

  it('lets {name} match one segment, as in the Gigs reference paths', () => {
    expect(fires({ path: '/users/{user}' }, 'GET', '/projects/p/users/usr_1')).toBe(true);
    expect(fires({ path: '/users/{user}' }, 'GET', '/projects/p/users/usr_1/addresses')).toBe(false);
  });

  it('lets * inside a segment match part of it', () => {
    expect(fires({ path: '/users/usr_*' }, 'GET', '/projects/p/users/usr_1')).toBe(true);
    expect(fires({ path: '/users/usr_*' }, 'GET', '/projects/p/users/search')).toBe(false);
  });

  it('takes regex characters in a pattern literally', () => {
    expect(fires({ path: '/users/a.b' }, 'GET', '/projects/p/users/a.b')).toBe(true);
    expect(fires({ path: '/users/a.b' }, 'GET', '/projects/p/users/aXb')).toBe(false);
  });

  it('matches a request path with a trailing slash', () => {
    expect(fires({ path: '/users' }, 'GET', '/projects/p/users/')).toBe(true);
  });

  // Request paths arrive normal (src/engine/paths.ts): so is the pattern, or it could never fire.
  it('reads a pattern with // or a trailing slash as request paths are read', () => {
    expect(fires({ path: '/subscriptions/' }, 'POST', '/projects/p/subscriptions')).toBe(true);
    expect(fires({ path: '//users' }, 'GET', '/projects/p/users')).toBe(true);
    expect(fires({ path: '/projects/p//plans' }, 'GET', '/projects/p/plans')).toBe(true);
  });

  it('matches every path when the rule has none', () => {
    expect(fires({}, 'GET', '/projects/p/anything/at/all')).toBe(true);
  });
});

describe('FaultInjector matching', () => {
  it('matches only the rule’s method, in any letter case', () => {
    expect(fires({ method: 'post' }, 'POST', '/projects/p/users')).toBe(true);
    expect(fires({ method: 'POST' }, 'GET', '/projects/p/users')).toBe(false);
  });

  it('matches a rule with a project only in that project', () => {
    expect(fires({ project: 'p' }, 'GET', '/projects/p/users', 'p')).toBe(true);
    expect(fires({ project: 'p' }, 'GET', '/projects/q/users', 'q')).toBe(false);
  });

  it('expires a rule with times: N after N hits and drops it from the list', () => {
    const faults = injector();
    faults.add({ status: 503, times: 2 });
    expect(rolls(faults, 3)).toEqual([true, true, false]);
    expect(faults.list()).toEqual([]);
  });

  it('counts the hits of a rule', () => {
    const faults = injector();
    const rule = faults.add({ status: 503 });
    rolls(faults, 3);
    expect(faults.list()).toEqual([{ ...rule, hits: 3 }]);
  });

  it('never fires a rule with probability 0 and never counts a miss as a hit', () => {
    const faults = injector();
    faults.add({ status: 503, probability: 0, times: 1 });
    expect(rolls(faults, 20)).not.toContain(true);
    expect(faults.list()[0]?.hits).toBe(0);
  });

  it('fires a rule with probability 0.5 on some requests and not on others', () => {
    const sequence = rolls(
      (() => {
        const faults = injector();
        faults.add({ status: 503, probability: 0.5 });
        return faults;
      })(),
      40,
    );
    expect(sequence).toContain(true);
    expect(sequence).toContain(false);
  });

  it('gives the same hit/miss sequence for the same seed', () => {
    const sequence = (seed: string) => {
      const faults = injector(seed);
      faults.add({ status: 503, probability: 0.5 });
      return rolls(faults, 40);
    };
    expect(sequence('seed-a')).toEqual(sequence('seed-a'));
    expect(sequence('seed-a')).not.toEqual(sequence('seed-b'));
  });

  it('takes the error of the first matching rule and the largest latency of all', () => {
    const faults = injector();
    faults.add({ latency: 100 });
    faults.add({ status: 503, latency: 50 });
    faults.add({ status: 429, latency: 300 });
    expect(faults.match('GET', '/projects/p/users', 'p')).toEqual({
      latencyMs: 300,
      error: { status: 503, type: undefined, code: undefined, message: undefined },
    });
  });

  it('answers a latency-only rule with a delay and no error', () => {
    const faults = injector();
    faults.add({ latency: 250 });
    expect(faults.match('GET', '/projects/p/users', 'p')).toEqual({ latencyMs: 250 });
  });

  it('picks a latency range’s delay within min and max, the same way for the same seed', () => {
    const delays = (seed: string) => {
      const faults = injector(seed);
      faults.add({ latency: { min: 100, max: 2000 } });
      return Array.from({ length: 20 }, () => faults.match('GET', '/projects/p/users', 'p')?.latencyMs ?? -1);
    };
    const first = delays('x');
    for (const ms of first) expect(ms).toBeGreaterThanOrEqual(100);
    for (const ms of first) expect(ms).toBeLessThanOrEqual(2000);
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(delays('x')).toEqual(first);
  });

  it('keeps the rule’s own type, code and message', () => {
    const faults = injector();
    faults.add({ status: 422, type: 'invalid', code: 'simAlreadyUsed', message: 'SIM taken' });
    expect(faults.match('POST', '/projects/p/subscriptions', 'p')?.error).toEqual({
      status: 422,
      type: 'invalid',
      code: 'simAlreadyUsed',
      message: 'SIM taken',
    });
  });

  it('derives the status from a type-only or code-only rule', () => {
    const faults = injector();
    faults.add({ path: '/users', type: 'notFound' });
    faults.add({ path: '/plans', code: 'serviceUnavailable' });
    expect(completeInjected(faults.match('GET', '/projects/p/users', 'p')?.error ?? {}).status).toBe(404);
    expect(completeInjected(faults.match('GET', '/projects/p/plans', 'p')?.error ?? {}).status).toBe(503);
  });

  it('matches zero segments with ** (/users/** matches /users)', () => {
    const faults = injector();
    faults.add({ path: '/users/**', status: 503 });
    expect(faults.match('GET', '/projects/p/users', 'p')?.error?.status).toBe(503);
    expect(faults.match('GET', '/projects/p/users/usr_1/addresses', 'p')?.error?.status).toBe(503);
    expect(faults.match('GET', '/projects/p/usersx', 'p')).toBeUndefined();
  });
});

describe('FaultInjector rule management', () => {
  it('gives each rule its own id', () => {
    const faults = injector();
    expect(faults.add({}).id).not.toBe(faults.add({}).id);
  });

  it('removes one rule by id and reports whether it existed', () => {
    const faults = injector();
    const a = faults.add({ status: 500 });
    const b = faults.add({ status: 503 });
    expect(faults.remove(a.id)).toBe(true);
    expect(faults.remove(a.id)).toBe(false);
    expect(faults.list().map((f) => f.id)).toEqual([b.id]);
  });

  it('clears only one project’s rules when given a project', () => {
    const faults = injector();
    const global = faults.add({ status: 500 });
    faults.add({ project: 'p', status: 503 });
    faults.clear('p');
    expect(faults.list().map((f) => f.id)).toEqual([global.id]);
  });

  it('continues rule ids after a restore, so a new rule never reuses a restored id', () => {
    const source = injector();
    source.add({});
    const kept = source.add({ path: '/users', status: 503 });
    const faults = injector();
    faults.restore(source.list());
    expect(faults.list()).toEqual(source.list());
    expect(faults.match('GET', '/projects/p/users', 'p')?.error?.status).toBe(503);
    expect(faults.add({}).id).not.toBe(kept.id);
  });
});

describe('fault rule types', () => {
  it.each(['tooManyRequests', 'conflict', 'notImplemented'])('takes the Gigs type %s', (type) => {
    expect(injector().add({ type }).type).toBe(type);
  });

  it.each([
    ['rateLimited', 'tooManyRequests'],
    ['unavailable', 'internal (with code serviceUnavailable)'],
  ])('refuses the retired %s in-process, naming %s', (type, replacement) => {
    expect(() => injector().add({ type })).toThrow(Messages.retiredErrorType(type, replacement));
  });

  it.each(['teapot', 'constructor', '__proto__'])('refuses the unknown type %s', (type) => {
    expect(() => injector().add({ type })).toThrow(Messages.unknownErrorType);
  });

  it('refuses a restore with an unknown type and keeps the rules it had', () => {
    const faults = injector();
    faults.add({ status: 503 });
    expect(() => faults.restore([{ id: 'flt_9', hits: 0, type: 'rateLimited' }])).toThrow();
    expect(faults.list()).toHaveLength(1);
  });
});

describe('injected error defaults', () => {
  it('gives an injected 413 or 415 the type malformed, as the simulator answers them', () => {
    expect(completeInjected({ status: 413 }).type).toBe('malformed');
    expect(completeInjected({ status: 415 }).type).toBe('malformed');
  });

  it('gives 503 the type internal and the code serviceUnavailable (Gigs has no unavailable type)', () => {
    expect(completeInjected({ status: 503 })).toMatchObject({ status: 503, type: 'internal', code: 'serviceUnavailable' });
  });

  it('gives 501 the type notImplemented and no code', () => {
    expect(completeInjected({ status: 501 })).toMatchObject({ type: 'notImplemented', code: undefined });
  });

  it('gives 409 the type conflict', () => {
    expect(completeInjected({ status: 409 }).type).toBe('conflict');
    expect(completeInjected({ type: 'conflict' }).status).toBe(409);
  });

  it('gives a type alone its status', () => {
    expect(completeInjected({ type: 'tooManyRequests' }).status).toBe(429);
    expect(completeInjected({ type: 'notImplemented' }).status).toBe(501);
  });

  it('gives 500 the type internal and the code unknown', () => {
    expect(completeInjected({ status: 500 })).toMatchObject({ type: 'internal', code: 'unknown' });
  });

  it('gives 429 the type tooManyRequests and no code', () => {
    expect(completeInjected({ status: 429 })).toMatchObject({ type: 'tooManyRequests', code: undefined });
  });

  it('types an undocumented 4xx as invalid and an undocumented 5xx as internal', () => {
    expect(completeInjected({ status: 418 }).type).toBe('invalid');
    expect(completeInjected({ status: 502 }).type).toBe('internal');
  });

  it('answers a code it does not know with 422', () => {
    expect(completeInjected({ code: 'simAlreadyUsed' }).status).toBe(422);
  });

  it('answers a code-only error with the conflict status when it is set to 409', () => {
    expect(completeInjected({ code: 'simAlreadyUsed' }, { conflictStatus: 409 })).toMatchObject({
      status: 409,
      type: 'conflict',
    });
  });
});

describe('seeded fault probabilities over HTTP', () => {
  /** The statuses of 40 GET /plans on a fresh simulator with a probability-0.5 rule. */
  async function statuses(sim: Simulator): Promise<number[]> {
    sim.addFault({ path: '/plans', status: 503, probability: 0.5 });
    const out: number[] = [];
    for (let i = 0; i < 40; i++) out.push((await call(sim, 'GET', p('/plans'))).status);
    return out;
  }

  it('gives two simulators with the same seed the same sequence of statuses, with both 200 and 503 in it', async () => {
    const first = await statuses(makeSim({ seed: 'same' }));
    const second = await statuses(makeSim({ seed: 'same' }));
    expect(second).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(503);
  });

  it('gives another seed another sequence', async () => {
    expect(await statuses(makeSim({ seed: 'one' }))).not.toEqual(await statuses(makeSim({ seed: 'two' })));
  });

  it('keeps the ids a seed produces whatever the fault rolls', async () => {
    const created = async (withFaults: boolean) => {
      const sim = makeSim();
      if (withFaults) sim.addFault({ path: '/plans', status: 503, probability: 0.5 });
      for (let i = 0; i < 5; i++) await call(sim, 'GET', p('/plans'));
      return (await call(sim, 'POST', p('/users'), { email: 'a@example.com' })).body.id;
    };
    expect(await created(true)).toBe(await created(false));
  });
});
