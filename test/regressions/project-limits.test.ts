import { describe, expect, it } from 'vitest';
import { Messages } from '../../src/store/errors.js';
import { call, makeSim } from '../helpers.js';
import { control } from '../support/control.js';

/** Issue 15, point 3: new project names cannot exhaust memory, nor make projects the API would refuse. */
describe('--max-projects', () => {
  it('answers a new project past the limit with 429 naming the option, and serves the existing ones', async () => {
    const sim = makeSim({ maxProjects: 3 });
    for (const id of ['a', 'b', 'c']) expect((await call(sim, 'GET', `/projects/${id}/plans`)).status).toBe(200);
    const res = await call(sim, 'GET', '/projects/d/plans');
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ object: 'error', message: Messages.tooManyProjects(3) });
    expect(res.body.message).toContain('--max-projects');
    expect(sim.store.hasProject('d')).toBe(false);
    expect((await call(sim, 'GET', '/projects/a/plans')).status).toBe(200);
    expect((await control(sim, 'GET', '/health')).body.projects).toBe(3);
  });

  it('holds 1,000 projects by default', async () => {
    const sim = makeSim({ scenario: 'empty' });
    for (let i = 0; i < 1000; i++) sim.store.openProject(`p${i}`);
    expect((await call(sim, 'GET', '/projects/one-more/users')).status).toBe(429);
  });

  it('has no limit with 0', async () => {
    const sim = makeSim({ scenario: 'empty', maxProjects: 0 });
    for (let i = 0; i < 1500; i++) sim.store.openProject(`p${i}`);
    expect((await call(sim, 'GET', '/projects/one-more/users')).status).toBe(200);
  });

  it('with lru eviction drops the least recently used project to make room', async () => {
    const sim = makeSim({ maxProjects: 2, projectEviction: 'lru' });
    await call(sim, 'POST', '/projects/a/users', { email: 'a@example.com' });
    await call(sim, 'GET', '/projects/b/users');
    await call(sim, 'GET', '/projects/a/users');
    sim.addFault({ project: 'b', path: '/users', status: 503 });
    expect((await call(sim, 'GET', '/projects/c/users')).status).toBe(200);
    expect(sim.store.projectIds().sort()).toEqual(['a', 'c']);
    // The evicted project's faults went with it.
    expect(sim.faults.list()).toEqual([]);
    expect((await call(sim, 'GET', '/projects/a/users')).body.items).toHaveLength(1);
  });

  it('counts a reset project again only if it is new', async () => {
    const sim = makeSim({ maxProjects: 1 });
    await call(sim, 'GET', '/projects/a/users');
    expect((await control(sim, 'POST', '/reset?project=a')).status).toBe(200);
    expect((await control(sim, 'POST', '/reset?project=b')).status).toBe(429);
  });
});

describe('project names on the control plane', () => {
  it.each(['a%20b%00', '__proto__', '-x', 'x'.repeat(65)])(
    'answers PUT activation of %s with 404 and creates nothing',
    async (name) => {
      const sim = makeSim();
      const res = await control(sim, 'PUT', `/projects/${name}/activation`, { mode: 'manual' });
      expect(res.status).toBe(404);
      expect(sim.store.projectIds()).toEqual([]);
    },
  );

  it.each(['/reset', '/scenarios/empty'])('answers POST %s?project=__proto__ with 404 and creates nothing', async (path) => {
    const sim = makeSim();
    expect((await control(sim, 'POST', `${path}?project=__proto__`)).status).toBe(404);
    expect((await control(sim, 'POST', `${path}?project=a%20b`)).status).toBe(404);
    expect(sim.store.projectIds()).toEqual([]);
  });

  it('in strict mode, refuses projects no API key names', async () => {
    const sim = makeSim({ apiKeys: ['p1:k1'] });
    expect((await control(sim, 'POST', '/reset?project=zz')).status).toBe(404);
    expect((await control(sim, 'POST', '/scenarios/empty?project=zz')).status).toBe(404);
    expect((await control(sim, 'PUT', '/projects/zz/activation', { mode: 'manual' })).status).toBe(404);
    expect(sim.store.projectIds()).toEqual(['p1']);
    expect((await control(sim, 'POST', '/reset?project=p1')).status).toBe(200);
    expect(sim.store.projectIds()).toEqual(['p1']);
  });
});
