import { describe, expect, it } from 'vitest';
import { checkSnapshotAsync } from '../../src/schemas/snapshot.js';
import type { SimulatorSnapshot } from '../../src/simulator.js';
import { makeSim } from '../helpers.js';
import { control, expectServing } from '../support/control.js';

/**
 * Issue 15, point 2: a snapshot is checked in full before it replaces anything. What the API
 * would refuse, or what could not be saved again, is a 422 and the running state stays.
 */
type Project = SimulatorSnapshot['projects'][number];

function populated() {
  const sim = makeSim({ scenario: 'populated' });
  sim.store.ensureProject('test-project');
  sim.store.ensureProject('other');
  return sim;
}

/** A copy of the simulator's snapshot, changed by `edit`. */
function edited(sim: ReturnType<typeof makeSim>, edit: (s: SimulatorSnapshot, project: Project) => void): SimulatorSnapshot {
  const snapshot = structuredClone(sim.snapshot());
  edit(snapshot, snapshot.projects[0] as Project);
  return snapshot;
}

const live = (project: Project) => project.subscriptions.filter((s) => s.status !== 'ended' && s.sim !== null);

const CASES: [string, (s: SimulatorSnapshot, project: Project) => void][] = [
  ['a job of an unknown kind', (s) => s.jobs.push({ at: 0, seq: 999_999, kind: 'rm -rf', project: 'test-project', target: 'x' })],
  ['job data on a kind that takes none', (s) => Object.assign(s.jobs[0] as object, { data: { extra: { deep: true } } })],
  [
    'job data of the wrong shape',
    (s) => {
      const job = s.jobs.find((j) => j.kind === 'subscription.periodEnd');
      if (job) job.data = { period: { nested: [1, 2, 3] } };
    },
  ],
  ['a job of a project the snapshot lacks', (s) => Object.assign(s.jobs[0] as object, { project: 'ghost' })],
  ['two jobs with one seq', (s) => s.jobs.push({ ...(s.jobs[0] as SimulatorSnapshot['jobs'][number]) })],
  [
    'a second user with the same email',
    (_s, p) => p.users.push({ ...(p.users[0] as Project['users'][number]), id: 'usr_dupe1' }),
  ],
  [
    'the same email in another case',
    (_s, p) => {
      const first = p.users[0] as Project['users'][number];
      p.users.push({ ...first, id: 'usr_dupe2', email: first.email.toUpperCase() });
    },
  ],
  ['a second record with the same id', (_s, p) => p.plans.push({ ...(p.plans[0] as Project['plans'][number]) })],
  ['a duplicate project', (s) => s.projects.push(structuredClone(s.projects[0] as Project))],
  [
    'two live subscriptions on one SIM',
    (_s, p) => {
      const [a, b] = live(p);
      if (a && b) b.sim = a.sim;
    },
  ],
  [
    'a QR token used in two projects',
    (s) => {
      const token = s.projects[0]?.sims.find((x) => x.qrToken)?.qrToken ?? null;
      const other = s.projects[1]?.sims.find((x) => x.qrToken);
      if (other) other.qrToken = token;
    },
  ],
  ['a bad date', (_s, p) => Object.assign(p.users[0] as object, { createdAt: 'yesterday' })],
  ['a date past the range', (_s, p) => Object.assign(p.users[0] as object, { createdAt: '9999-01-01T00:00:00Z' })],
  ['an unknown fault type', (s) => s.faults.push({ id: 'flt_77', hits: 0, type: 'bogus' })],
  ['a latency past 60s', (s) => s.faults.push({ id: 'flt_78', hits: 0, latency: 1e12 })],
  ['a fault method that is not one', (s) => s.faults.push({ id: 'flt_79', hits: 0, method: 'TRACE' })],
  [
    'a project id that is not a slug',
    (_s, p) => {
      p.id = 'a b\u0000';
    },
  ],
  [
    'an activation delay past the range',
    (_s, p) => {
      p.settings.activation.delayMs = 1e308;
    },
  ],
  ['a SIM pointing at an unknown subscription', (_s, p) => Object.assign(p.sims[0] as object, { subscription: 'sub_ghost' })],
  [
    'metadata with too many keys',
    (_s, p) => {
      (p.users[0] as Project['users'][number]).metadata = Object.fromEntries(
        Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']),
      );
    },
  ],
];

describe('hostile snapshots', () => {
  it.each(CASES)('refuses %s with 422 and keeps the running state', async (_name, edit) => {
    const sim = populated();
    const before = sim.snapshot();
    const snapshot = edited(sim, edit);
    expect(snapshot).not.toEqual(before);
    const res = await control(sim, 'PUT', '/snapshot', snapshot);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ object: 'error', type: 'invalid' });
    expect(res.body.details.length).toBeGreaterThan(0);
    expect(sim.snapshot()).toEqual(before);
  });

  it('accepts the snapshot it gives, unchanged', async () => {
    const sim = populated();
    const res = await control(sim, 'PUT', '/snapshot', sim.snapshot());
    expect(res.status).toBe(200);
  });

  it('refuses job data nested 200,000 levels deep, and the next snapshot and save still work', async () => {
    const sim = makeSim();
    sim.store.ensureProject('test-project');
    const snapshot = JSON.stringify({
      ...sim.snapshot(),
      jobs: [{ at: 0, seq: 1, kind: 'subscription.periodEnd', project: 'test-project', target: 'sub_1', data: '__DEEP__' }],
    }).replace('"__DEEP__"', `${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`);
    const res = await control(sim, 'PUT', '/snapshot', snapshot);
    expect(res.status).toBe(422);
    await expectServing(sim);
  });

  it('refuses more projects than --max-projects allows', async () => {
    const sim = makeSim({ maxProjects: 2 });
    const snapshot = makeSim({ maxProjects: 0 }).snapshot();
    const project = (id: string) => ({ ...structuredClone(snapshot.projects[0] ?? emptyProject()), id });
    const res = await control(sim, 'PUT', '/snapshot', { ...snapshot, projects: ['a', 'b', 'c'].map(project) });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('projects');
  });

  it('refuses, in strict mode, a project no API key names', async () => {
    const sim = makeSim({ apiKeys: ['p1:k1'] });
    const snapshot = makeSim().snapshot();
    const res = await control(sim, 'PUT', '/snapshot', { ...snapshot, projects: [{ ...emptyProject(), id: 'zz' }] });
    expect(res.status).toBe(422);
    expect(sim.store.hasProject('zz')).toBe(false);
  });

  it('checks a big snapshot in slices, letting other work (health) run between them', async () => {
    const source = makeSim({ scenario: 'populated', maxProjects: 0 });
    for (let i = 0; i < 12; i++) source.store.ensureProject(`p${i}`);
    const raw = JSON.parse(JSON.stringify(source.snapshot()));
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const checked = await checkSnapshotAsync(raw);
    counting = false;
    expect(checked.success).toBe(true);
    // A check that held the event loop to the end would let no turn run.
    expect(turns).toBeGreaterThan(1);
  });
});

function emptyProject(): Project {
  return {
    id: 'x',
    settings: { activation: { mode: 'delay', delayMs: 5000 } },
    users: [],
    addresses: [],
    plans: [],
    sims: [],
    subscriptions: [],
  };
}
