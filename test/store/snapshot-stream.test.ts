import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { SnapshotReadError, SnapshotReader } from '../../src/store/snapshot-reader.js';
import { call, makeSim } from '../helpers.js';

/** The writer's whole text, pulled at once. */
const text = (sim: Simulator) => [...sim.snapshotWriter().pieces()].join('');
/** A snapshot as JSON sees it (undefined fields gone), to compare with a parsed text. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

function populated(projects: string[]): Simulator {
  const sim = makeSim({ maxProjects: 100 });
  for (const project of projects) sim.loadScenario('populated', project);
  return sim;
}

function activeSubscription(sim: Simulator, project: string): string {
  for (const sub of sim.store.project(project).subscriptions.values()) if (sub.status === 'active') return sub.id;
  throw new Error('no active subscription');
}

function read(snapshotText: string) {
  const reader = new SnapshotReader();
  for (const line of snapshotText.split('\n')) reader.line(line);
  return reader.finish();
}

describe('streamed snapshots', () => {
  it('writes the JSON of the snapshot, one item a line', () => {
    const sim = populated(['alpha', 'beta']);
    const written = text(sim);
    expect(JSON.parse(written)).toEqual(plain(sim.snapshot()));
    const lines = written.split('\n');
    expect(lines[0]).toMatch(/^\{"format":"gigs-mock\/snapshot@1",.*,"jobs":\[$/);
    expect(lines).toContain('],"projects":[');
    // Every item (a job, a user, a usage entry...) on its own line: no line holds a whole list.
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(10_000);
    expect(lines.length).toBeGreaterThan(sim.scheduler.size + sim.store.project('alpha').users.size);
  });

  it('is the state of the moment it began, whatever changes while it is written', async () => {
    const sim = populated(['alpha', 'beta', 'gamma']);
    // A day's usage entry grows in place: usage of the same day after the start must not leak in.
    const usageOf = activeSubscription(sim, 'gamma');
    sim.addUsage('gamma', usageOf, { data: 1_000 });
    const before = plain(sim.snapshot());
    const pieces = sim.snapshotWriter().pieces();
    const out: string[] = [];
    // Part of the first project is written before anything changes.
    for (let i = 0; i < 3; i++) out.push(pieces.next().value as string);
    const users = (project: string) => `/projects/${project}/users`;
    const created = await call(sim, 'POST', users('alpha'), { email: 'late@example.com' });
    expect(created.status).toBe(201);
    const someone = [...sim.store.project('beta').users.values()][0]?.id;
    expect((await call(sim, 'PATCH', `${users('beta')}/${someone}`, { fullName: 'Changed Later' })).status).toBe(200);
    const device = [...sim.store.project('beta').devices.values()][0]?.id;
    expect((await call(sim, 'DELETE', `/projects/beta/devices/${device}`)).status).toBe(200);
    sim.addUsage('gamma', usageOf, { data: 5_000_000 });
    sim.store.setActivation('gamma', { mode: 'manual' });
    // Renewals, activations and add-on periods run in every project; the schedule changes.
    sim.advance('40d');
    await call(sim, 'POST', users('delta'), { email: 'new-project@example.com' });
    sim.reset('beta');
    for (let next = pieces.next(); !next.done; next = pieces.next()) out.push(next.value);
    expect(JSON.parse(out.join(''))).toEqual(before);
    expect(plain(sim.snapshot())).not.toEqual(before);
  });

  it('is the state of its moment even when the whole state is restored while it is written', () => {
    const sim = populated(['alpha']);
    const before = plain(sim.snapshot());
    const pieces = sim.snapshotWriter().pieces();
    const first = pieces.next().value as string;
    sim.restore(populated(['other']).snapshot());
    expect(JSON.parse(first + [...pieces].join(''))).toEqual(before);
  });

  it('stops watching the projects once written or closed', async () => {
    const sim = populated(['alpha']);
    const writer = sim.snapshotWriter();
    writer.close();
    // A closed writer takes nothing more and writing with it is over.
    await call(sim, 'POST', '/projects/alpha/users', { email: 'after-close@example.com' });
    const again = text(sim);
    expect(JSON.parse(again)).toEqual(plain(sim.snapshot()));
  });

  it('reads its own text back into the same state', () => {
    const sim = populated(['alpha', 'beta']);
    const read1 = read(text(sim));
    const next = makeSim({ seed: 'another', maxProjects: 100 });
    next.restoreRead(read1);
    expect(plain(next.snapshot())).toEqual(plain(sim.snapshot()));
  });

  it('refuses an item that does not check, naming where it is', () => {
    const sim = populated(['alpha']);
    const lines = text(sim).split('\n');
    const at = lines.findIndex((line) => line.startsWith('{"object":"user"'));
    const second = lines.findIndex((line, i) => i > at && line.startsWith('{"object":"user"'));
    lines[second] = (lines[second] as string).replace(/"email":"[^"]*"/, '"email":""');
    expect(() => read(lines.join('\n'))).toThrow(/^projects\.0\.users\.1\.email: /);
  });

  it('refuses what holds across items: a user given twice, a job of an unknown project', () => {
    const sim = populated(['alpha']);
    const lines = text(sim).split('\n');
    const at = lines.findIndex((line) => line.startsWith('{"object":"user"'));
    lines.splice(at, 0, lines[at] as string);
    expect(() => read(lines.join('\n'))).toThrow(/^projects\.0\.users\.1\.id: duplicate id/);
    const jobs = text(sim).split('\n');
    jobs[1] = (jobs[1] as string).replace(/"project":"alpha"/, '"project":"nowhere"');
    expect(() => read(jobs.join('\n'))).toThrow(/^jobs\.0\.project: unknown project nowhere/);
  });

  it('refuses a line that is not JSON, a line out of place and a text that ends early', () => {
    const sim = populated(['alpha']);
    const lines = text(sim).split('\n');
    const broken = [...lines];
    broken[2] = '{"at":';
    expect(() => read(broken.join('\n'))).toThrow(/^line 3: /);
    const misplaced = [...lines];
    misplaced.splice(misplaced.indexOf('],"projects":['), 0, '],"users":[');
    expect(() => read(misplaced.join('\n'))).toThrow(SnapshotReadError);
    expect(() => read(lines.slice(0, -3).join('\n'))).toThrow(/ends early/);
  });

  it('refuses what is not JSON even where each line is: a missing or extra comma, projects not separated', () => {
    const sim = populated(['alpha', 'beta']);
    const lines = text(sim).split('\n');
    const user = lines.findIndex((line) => line.startsWith('{"object":"user"'));
    const noComma = [...lines];
    noComma[user] = (noComma[user] as string).slice(0, -1);
    expect(() => read(noComma.join('\n'))).toThrow(SnapshotReadError);
    const extraComma = [...lines];
    const lastJob = extraComma.indexOf('],"projects":[') - 1;
    extraComma[lastJob] = `${extraComma[lastJob]},`;
    expect(() => read(extraComma.join('\n'))).toThrow(SnapshotReadError);
    const joined = [...lines];
    joined[joined.indexOf(']},')] = ']}';
    expect(() => read(joined.join('\n'))).toThrow(SnapshotReadError);
    expect(() => JSON.parse(joined.join('\n'))).toThrow(SyntaxError);
  });

  it('serves GET /__mock/snapshot streamed, and takes it back with PUT', async () => {
    const sim = populated(['alpha']);
    const res = await sim.app.request('/__mock/snapshot');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual(plain(sim.snapshot()));
    const next = makeSim({ seed: 'another', maxProjects: 100 });
    const put = await next.app.request('/__mock/snapshot', {
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(put.status).toBe(200);
    expect(plain(next.snapshot())).toEqual(plain(sim.snapshot()));
  });
});
