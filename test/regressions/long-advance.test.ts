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

  it('makes an API request made meanwhile wait for it, then see every subscription active', async () => {
    const sim = withPending(5_000);
    const advance = sim.advanceAsync('5s');
    const pending = await call(sim, 'GET', p('/subscriptions?status=pending&limit=1'));
    expect(pending.body.items).toEqual([]);
    expect(await advance).toBe(5_000);
  });

  it('leaves the server tick nothing to do while it runs', async () => {
    const sim = withPending(5_000);
    const advance = sim.advanceAsync('5s');
    expect(sim.settle()).toBe(0);
    expect(await advance).toBe(5_000);
  });
});
