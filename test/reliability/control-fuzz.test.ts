import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateFileError, StatePersister } from '../../src/persistence.js';
import type { Simulator } from '../../src/simulator.js';
import { call, makeSim, PROJECT } from '../helpers.js';
import { control, expectServing, guideSubscription } from '../support/control.js';
import { invariantViolations } from '../support/invariants.js';

/**
 * Issue 15: the reliability suite fuzzes the control plane as it fuzzes the public routes, and
 * feeds hostile snapshots and state files. Whatever is sent, the answer is never a 5xx, every
 * error is a Gigs error, and afterwards the simulator still serves, saves and restores.
 */
const SEED = 20261201;
const ERROR_STATUSES = new Set([400, 401, 404, 413, 415, 422, 429]);

/** Webhook deliveries answered at once: fuzzed endpoint URLs must not reach any network. */
const noNetwork: typeof fetch = async () => new Response(null, { status: 204 });

const ROUTES: [string, string][] = [
  ['GET', '/health'],
  ['POST', '/reset'],
  ['GET', '/clock'],
  ['POST', '/clock'],
  ['PUT', '/projects/{project}/activation'],
  ['POST', '/projects/{project}/subscriptions/{subscription}/activate'],
  ['GET', '/scenarios'],
  ['POST', '/scenarios/{name}'],
  ['GET', '/faults'],
  ['POST', '/faults'],
  ['DELETE', '/faults'],
  ['DELETE', '/faults/{id}'],
  ['GET', '/requests'],
  ['GET', '/snapshot'],
  ['PUT', '/snapshot'],
  ['GET', '/events'],
  ['GET', '/events/{id}'],
  ['POST', '/events/{id}/redeliver'],
  ['GET', '/webhooks/endpoints'],
  ['POST', '/webhooks/endpoints'],
  ['DELETE', '/webhooks/endpoints'],
  ['DELETE', '/webhooks/endpoints/{id}'],
  ['GET', '/webhooks/deliveries'],
];

const nasty = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', '__proto__', 'constructor', 'a b\u0000', '../..', '%00', 'x'.repeat(300), 'zz', PROJECT, 'empty', 'flt_1'),
);

const special = fc.constantFrom(
  9e15,
  1e308,
  -1,
  0,
  Number.MAX_SAFE_INTEGER + 2,
  '3650d',
  '3651d',
  '1e3',
  '9999-12-31T23:59:59Z',
  '2026-06-01T00:00:00Z',
  'http://127.0.0.1:9/__mock/reset',
  'http://127.0.0.1:9/hooks',
  null,
  true,
  [],
  {},
);
const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty, special);

/** Bodies: plausible control-plane fields with hostile values, random JSON, broken JSON. */
const body = fc.oneof(
  fc
    .dictionary(
      fc.constantFrom(
        'advance',
        'set',
        'frozen',
        'mode',
        'delay',
        'method',
        'path',
        'status',
        'type',
        'code',
        'message',
        'latency',
        'probability',
        'times',
        'url',
        'types',
        'project',
        'format',
        'extra',
      ),
      value,
      { maxKeys: 4 },
    )
    .map((v) => JSON.stringify(v)),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('{"advance":', 'null', '', `{"a":${'['.repeat(3000)}${']'.repeat(3000)}}`),
);

const query = fc.array(
  fc.tuple(fc.constantFrom('project', 'limit', 'type', 'event', 'endpoint', 'status', 'after', 'before', 'junk'), nasty),
  { maxLength: 2 },
);

async function checkAnswer(res: Response): Promise<void> {
  expect(res.status).toBeLessThan(500);
  const parsed = JSON.parse(await res.text());
  if (res.status >= 400) {
    expect(ERROR_STATUSES.has(res.status), `status ${res.status}`).toBe(true);
    expect(parsed).toMatchObject({ object: 'error', type: expect.any(String), message: expect.any(String) });
  }
}

/** Afterwards: no fault rule left to slow or fail the checks, then the simulator must still serve. */
async function stillServing(sim: Simulator): Promise<void> {
  sim.faults.clear();
  await sim.whenSettled();
  expect(invariantViolations(sim)).toEqual([]);
  await expectServing(sim);
}

describe('fuzzing the control plane', () => {
  it('never answers 5xx, always a Gigs error body, and the simulator still serves afterwards', async () => {
    const sim = makeSim({ fetch: noNetwork, maxProjects: 50 });
    const sub = await guideSubscription(sim);
    const ids = { project: PROJECT, subscription: sub.id, name: 'empty', id: 'flt_1' };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.boolean(),
        nasty,
        query,
        fc.option(body, { nil: undefined }),
        fc.constantFrom('application/json', 'text/plain', ''),
        async ([method, template], realIds, garbage, params, payload, type) => {
          const path = template.replace(/\{(\w+)\}/g, (_, name: keyof typeof ids) =>
            realIds ? ids[name] : encodeURIComponent(garbage),
          );
          const qs = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
          const res = await sim.app.request(`/__mock${path}${qs ? `?${qs}` : ''}`, {
            method,
            headers: type ? { 'content-type': type } : {},
            body: method === 'GET' ? undefined : payload,
          });
          await checkAnswer(res);
        },
      ),
      { seed: SEED, numRuns: 600 },
    );
    await stillServing(sim);
  });
});

/** Every path into a JSON value (keys of objects, indexes of arrays), for mutations to aim at. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf(child, path, out);
  }
  return out;
}

/**
 * Stand for a value nested 2,000 levels deep and a 10,000-character string: put in when the
 * mutated snapshot is written out (fast-check could not print the values themselves).
 */
const DEEP = '<deep>';
const LONG = '<long>';
const written = (snapshot: unknown) =>
  JSON.stringify(snapshot)
    .replaceAll(`"${DEEP}"`, `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`)
    .replaceAll(`"${LONG}"`, `"${'x'.repeat(10_000)}"`);

/** A mutation: replace the value at one path (or delete it), or duplicate an array's item. */
const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'replace', 'delete', 'duplicate'),
  with: fc.oneof(value, fc.constant(DEEP), fc.constant(LONG)),
});
type Mutation = { at: number; kind: string; with: unknown };

function mutate(snapshot: unknown, paths: (string | number)[][], mutations: Mutation[]): unknown {
  const copy = structuredClone(snapshot) as Record<string | number, unknown>;
  for (const m of mutations) {
    const path = paths[m.at % paths.length] as (string | number)[];
    let parent = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) {
      const next = parent?.[key];
      if (typeof next !== 'object' || next === null) break;
      parent = next as Record<string | number, unknown>;
    }
    const key = path.at(-1) as string | number;
    if (typeof parent !== 'object' || parent === null) continue;
    if (m.kind === 'delete') delete parent[key];
    else if (m.kind === 'duplicate' && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
    else parent[key] = m.with;
  }
  return copy;
}

async function richSim(): Promise<Simulator> {
  const sim = makeSim({ fetch: noNetwork });
  await guideSubscription(sim);
  sim.advance('5s');
  await call(sim, 'POST', `/projects/${PROJECT}/users`, { email: 'second@example.com', metadata: { a: 'b' } });
  sim.addFault({ path: '/plans', status: 503, probability: 0.5 });
  sim.store.ensureProject('other');
  return sim;
}

describe('hostile snapshots and state files', () => {
  it('answers a mutated snapshot with 200 or a Gigs 4xx; whatever it accepts can be saved and restored again', async () => {
    const sim = await richSim();
    const original = JSON.parse(JSON.stringify(sim.snapshot()));
    const paths = pathsOf(original);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const res = await control(sim, 'PUT', '/snapshot', written(mutate(original, paths, mutations)), {
          'content-type': 'application/json',
        });
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) {
          accepted++;
          const again = await control(sim, 'GET', '/snapshot');
          expect(again.status).toBe(200);
          expect((await control(sim, 'PUT', '/snapshot', again.body)).status).toBe(200);
          expect(invariantViolations(sim)).toEqual([]);
          // Whatever was accepted keeps working: a request and an advance over its scheduled work.
          expect((await call(sim, 'GET', `/projects/${PROJECT}/subscriptions`)).status).toBeLessThan(500);
          expect((await control(sim, 'POST', '/clock', { advance: '40d' })).status).toBeLessThan(500);
        } else {
          expect(res.body).toMatchObject({ object: 'error' });
        }
        expect((await control(sim, 'PUT', '/snapshot', original)).status).toBe(200);
      }),
      { seed: SEED, numRuns: 250 },
    );
    // Some mutations are harmless (a name, a metadata value): the property saw both outcomes.
    expect(accepted).toBeGreaterThan(0);
    await stillServing(sim);
  });

  it('loads a mutated state file or refuses it with one StateFileError line, never anything else', async () => {
    const sim = await richSim();
    const original = JSON.parse(JSON.stringify(sim.snapshot()));
    const paths = pathsOf(original);
    const file = join(mkdtempSync(join(tmpdir(), 'gigs-mock-fuzz-')), 'state.json');
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        writeFileSync(file, written(mutate(original, paths, mutations)));
        const target = makeSim({ fetch: noNetwork });
        const persister = new StatePersister(target, file);
        try {
          persister.load();
        } catch (err) {
          expect(err).toBeInstanceOf(StateFileError);
          expect((err as Error).message).not.toMatch(/\n/);
          return;
        }
        expect(invariantViolations(target)).toEqual([]);
        expect(persister.save(true)).toBe(true);
        expect(() => new StatePersister(makeSim(), file).load()).not.toThrow();
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
