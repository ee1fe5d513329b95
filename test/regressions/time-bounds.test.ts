import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/engine/clock.js';
import { MAX_INSTANT_MS } from '../../src/engine/time-bounds.js';
import { StateFileError, StatePersister } from '../../src/persistence.js';
import { Messages } from '../../src/store/errors.js';
import { call, makeSim, p, thrown } from '../helpers.js';
import { control, expectServing, guideSubscription } from '../support/control.js';

/** Issue 15, point 1: no duration or time, from any way in, can push a computed time out of range. */
describe('durations and times past the date range', () => {
  it.each([9e15, 1e308, '9999999d'])('answers advance %j with 422 naming advance, and keeps serving', async (advance) => {
    const sim = makeSim();
    const before = sim.clock.now();
    const res = await control(sim, 'POST', '/clock', { advance });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('advance');
    expect(sim.clock.now()).toBe(before);
    await expectServing(sim);
  });

  it('refuses the advance that would take the clock past 9000-01-01, leaving it where it was', async () => {
    const sim = makeSim({ clock: new ManualClock('8999-06-01T00:00:00Z') });
    const res = await control(sim, 'POST', '/clock', { advance: '365d' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ message: Messages.clockOutOfRange, details: [{ property: 'advance' }] });
    expect(sim.clock.nowIso()).toBe('8999-06-01T00:00:00Z');
    await expectServing(sim);
  });

  it('answers a set past 9000 with 422 naming set', async () => {
    const sim = makeSim();
    const res = await control(sim, 'POST', '/clock', { set: '9999-12-31T00:00:00Z' });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('set');
    await expectServing(sim);
  });

  it('does not freeze or unfreeze the clock when the advance that comes with it is refused', async () => {
    const sim = makeSim();
    expect((await control(sim, 'POST', '/clock', { frozen: false, advance: 9e15 })).status).toBe(422);
    expect(sim.clock.frozen).toBe(true);
  });

  it('answers an activation delay of 1e308 with 422 naming delay, and subscriptions still work', async () => {
    const sim = makeSim();
    const res = await control(sim, 'PUT', '/projects/test-project/activation', { delay: 1e308 });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('delay');
    await guideSubscription(sim);
    expect((await control(sim, 'GET', '/clock')).status).toBe(200);
    await expectServing(sim);
  });

  it('holds in-process calls to the same bound', () => {
    const sim = makeSim();
    expect(thrown(() => sim.advance(9e15)).details?.[0]?.property).toBe('advance');
    expect(thrown(() => sim.setTime('9500-01-01T00:00:00Z')).details?.[0]?.property).toBe('set');
    expect(thrown(() => sim.setActivation('test-project', { delayMs: 1e308 })).details?.[0]?.property).toBe('delay');
    expect(() => makeSim({ activationDelay: 1e308 })).toThrow(RangeError);
    expect(() => new ManualClock(9e15)).toThrow(RangeError);
  });

  it('refuses an API activation override past the longest duration', async () => {
    const sim = makeSim();
    const res = await call(sim, 'POST', p('/subscriptions'), {}, { 'x-gigs-mock-activation': '3651d' });
    expect(res.status).toBe(422);
  });

  it('answers snapshots with a clock or a job past the range with 422 naming the field', async () => {
    const sim = makeSim();
    const good = sim.snapshot();
    const clock = await control(sim, 'PUT', '/snapshot', { ...good, clock: { frozen: true, value: 9e15 } });
    expect(clock.status).toBe(422);
    expect(clock.body.details[0].property).toBe('clock.value');
    const job = { at: 1e308, seq: 1, kind: 'subscription.activate', project: 'test-project', target: 'sub_1' };
    const jobs = await control(sim, 'PUT', '/snapshot', { ...good, jobs: [job] });
    expect(jobs.status).toBe(422);
    expect(jobs.body.details[0].property).toBe('jobs.0.at');
    await expectServing(sim);
  });

  it('refuses a plan whose periods would end past the range', async () => {
    const sim = makeSim();
    sim.store.ensureProject('test-project');
    const snapshot = sim.snapshot();
    const project = snapshot.projects[0] as (typeof snapshot.projects)[number];
    project.plans[0] = {
      ...(project.plans[0] as (typeof project.plans)[number]),
      validity: { value: 1e9, unit: 'month', type: 'recurring', minimumPeriods: 1 },
    };
    const res = await control(sim, 'PUT', '/snapshot', snapshot);
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('projects.0.plans.0.validity');
  });

  it('stops the start on a state file with a clock past the range, in one line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gigs-mock-time-')), 'state.json');
    const snapshot = makeSim().snapshot();
    writeFileSync(file, JSON.stringify({ ...snapshot, clock: { frozen: false, value: 9e15 } }));
    const error = (() => {
      try {
        new StatePersister(makeSim(), file).load();
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(StateFileError);
    expect((error as Error).message).toMatch(/clock\.value/);
    expect((error as Error).message).not.toMatch(/\n/);
  });

  it('refuses a --state-interval longer than a Node timer can wait', () => {
    expect(() => loadConfig({}, ['--state-interval', '30d'])).toThrow(ConfigError);
    expect(loadConfig({}, ['--state-interval', '24d']).config.stateInterval).toBe(24 * 86_400_000);
  });

  it('keeps the bound below the last instant toIso can write with four-digit years', () => {
    expect(new Date(MAX_INSTANT_MS + 2 * 3650 * 86_400_000).toISOString()).toMatch(/^\d{4}-/);
  });
});
