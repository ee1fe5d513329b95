import { describe, expect, it } from 'vitest';
import { luhnValid } from '../src/engine/random.js';
import { GUIDE_ADDRESS, GUIDE_PLAN_ID, makeSim, PROJECT } from './helpers.js';

const COUNT = 10_000;

describe('Lifecycle at scale', () => {
  it('activates 10,000 pending subscriptions in one clock advance, each with its own eSIM', () => {
    const sim = makeSim();
    const { store } = sim;
    store.ensureProject(PROJECT);
    const user = store.users.create(PROJECT, { email: 'jerry@example.com', fullName: 'Jerry Seinfeld' }).id;
    const userAddress = store.addresses.create(PROJECT, user, GUIDE_ADDRESS).id;

    const ids: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      ids.push(store.subscriptions.create(PROJECT, { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress }).id);
    }
    expect(store.subscriptions.list(PROJECT, { limit: 200 }, { status: ['pending'] }).items).toHaveLength(200);

    const ran = sim.engine.advance(5000);
    expect(ran).toBe(COUNT);

    const phoneNumbers = new Set<string>();
    const simIds = new Set<string>();
    const iccids = new Set<string>();
    for (const id of ids) {
      const sub = store.subscriptions.get(PROJECT, id);
      expect(sub.status).toBe('active');
      expect(sub.activatedAt).toBe('2026-01-01T00:00:05Z');
      expect(sub.currentPeriod?.number).toBe(1);
      expect(sub.sim?.status).toBe('active');
      phoneNumbers.add(sub.phoneNumber!);
      simIds.add(sub.sim!.id);
      iccids.add(sub.sim!.iccid);
    }
    expect(phoneNumbers.size).toBe(COUNT);
    expect(simIds.size).toBe(COUNT);
    expect(iccids.size).toBe(COUNT);
    for (const iccid of iccids) expect(luhnValid(iccid)).toBe(true);
    expect(store.subscriptions.list(PROJECT, {}, { status: ['pending'] }).items).toEqual([]);
    // One period-end job per subscription is all that is left.
    expect(sim.scheduler.size).toBe(COUNT);
  });
});
