import { expect } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, p } from '../helpers.js';

/** A control-plane call with no API token. */
export const control = (sim: Simulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  call(sim, method, `/__mock${path}`, body, { authorization: '', ...headers });

/** The guide's user, address and a new eSIM subscription in the test project. */
export async function guideSubscription(sim: Simulator): Promise<{ id: string; status: string }> {
  const { user, address } = await guideUserWithAddress(sim);
  const res = await call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
  expect(res.status).toBe(201);
  return res.body;
}

/** The simulator still answers: health, the clock, a write and a snapshot round trip. */
export async function expectServing(sim: Simulator): Promise<void> {
  expect((await control(sim, 'GET', '/health')).status).toBe(200);
  expect((await control(sim, 'GET', '/clock')).status).toBe(200);
  const user = await call(sim, 'POST', p('/users'), { email: `still-${Math.random().toString(36).slice(2)}@example.com` });
  expect(user.status).toBe(201);
  const snapshot = await control(sim, 'GET', '/snapshot');
  expect(snapshot.status).toBe(200);
  expect((await control(sim, 'PUT', '/snapshot', snapshot.body)).status).toBe(200);
}
