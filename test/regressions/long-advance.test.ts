import { describe, expect, it } from 'vitest';
import { call, makeSim, p } from '../helpers.js';

// Found by the benchmark: a clock advance that activated 100k subscriptions held the event loop
// for seconds (health unanswered), and the server's tick then ran the rest in one go.
function withPending(count: number) {
  const sim = makeSim({ activationDelay: '5s' });
  sim.store.ensureProject('test-project');
  for (let i = 0; i < count; i++) {
    const user = sim.store.users.create('test-project', { email: `u${i}@example.com` });
    sim.store.subscriptions.create('test-project', { plan: 'pln_0SNlurA049MEWV3eTravelEuTest', user: user.id, sim: 'auto' });
  }
  return sim;
}

describe('a long clock advance', () => {
  it('answers health before it has finished', async () => {
    const sim = withPending(20_000);
    let advanced = false;
    const advance = call(sim, 'POST', '/__mock/clock', { advance: '5s' }).then((res) => {
      advanced = true;
      return res;
    });
    const health = await call(sim, 'GET', '/__mock/health');
    expect(health.status).toBe(200);
    expect(advanced).toBe(false);
    expect((await advance).status).toBe(200);
  });

  it('answers an API request made meanwhile at the clock position the advance has reached', async () => {
    const sim = withPending(20_000);
    const advance = sim.advanceAsync('5s');
    const during = await call(sim, 'GET', p('/subscriptions?status=pending&limit=1'));
    expect(during.status).toBe(200);
    expect(sim.advancing).toBe(true);
    expect(await advance).toBe(20_000);
    const after = await call(sim, 'GET', p('/subscriptions?status=pending&limit=1'));
    expect(after.body.items).toEqual([]);
  });

  it('stops at DELETE /__mock/clock/advance, leaving the clock where it got to and the rest queued', async () => {
    const sim = withPending(20_000);
    const advance = call(sim, 'POST', '/__mock/clock', { advance: '30d' });
    await new Promise((resolve) => setImmediate(resolve));
    const cancel = await call(sim, 'DELETE', '/__mock/clock/advance');
    expect(cancel.status).toBe(200);
    expect(cancel.body.canceled).toBe(true);
    const answered = await advance;
    expect(answered.status).toBe(200);
    expect(answered.body.canceled).toBe(true);
    expect(answered.body.now).toBe('2026-01-01T00:00:05Z');
    expect(answered.body.pendingJobs).toBeGreaterThan(0);
  });

  it('answers canceled false when no advance is running', async () => {
    const sim = makeSim();
    const res = await call(sim, 'DELETE', '/__mock/clock/advance');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ canceled: false, now: '2026-01-01T00:00:00Z' });
  });

  it('runs the jobs a canceled advance left due on the next settle', async () => {
    const sim = withPending(20_000);
    const advance = sim.advanceCancelable(5_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sim.cancelAdvance()).toBe(true);
    const { ran, canceled } = await advance;
    expect(canceled).toBe(true);
    expect(ran).toBeLessThan(20_000);
    expect(sim.settle()).toBe(20_000 - ran);
  });

  it('leaves the server tick nothing to do while it runs', async () => {
    const sim = withPending(5_000);
    const advance = sim.advanceAsync('5s');
    expect(sim.settle()).toBe(0);
    expect(await advance).toBe(5_000);
  });
});
