import { ManualClock } from '../src/engine/clock.js';
import { GUIDE_PLAN_ID } from '../src/scenarios/catalogue.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../src/simulator.js';
import { DomainError } from '../src/store/errors.js';

export const PROJECT = 'test-project';
export const TOKEN = 'test-token';
export { GUIDE_PLAN_ID };

/** A fresh simulator on a frozen clock (2026-01-01T00:00:00Z) with a fixed seed. */
export function makeSim(options: SimulatorOptions = {}): Simulator {
  return createSimulator({ clock: new ManualClock(), seed: 'test', publicUrl: 'http://localhost:4020', ...options });
}

// Tests read JSON bodies loosely: `any` keeps assertions short (biome allows it under test/).
export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * Calls the app in-process with the project's bearer token and a JSON body.
 * `headers: { authorization: '' }` sends no token.
 */
export async function call<T = any>(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<CallResult<T>> {
  const merged: Record<string, string> = { authorization: `Bearer ${TOKEN}`, ...headers };
  if (body !== undefined && merged['content-type'] === undefined) merged['content-type'] = 'application/json';
  for (const [k, v] of Object.entries(merged)) if (v === '') delete merged[k];
  const res = await sim.app.request(path, {
    method,
    headers: merged,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export const p = (path: string) => `/projects/${PROJECT}${path}`;

export { GUIDE_ADDRESS } from '../contracts/lib/guide.js';

import { GUIDE_ADDRESS } from '../contracts/lib/guide.js';

/** Creates the guide's user and address; returns their ids. */
export async function guideUserWithAddress(sim: Simulator, email = 'jerry@example.com') {
  const user = await call(sim, 'POST', p('/users'), { email, fullName: 'Jerry Seinfeld' });
  const address = await call(sim, 'POST', p(`/users/${user.body.id}/addresses`), GUIDE_ADDRESS);
  return { user: user.body.id as string, address: address.body.id as string };
}

/** The user `POST /users` answers for the guide's body on a fresh simulator (id aside). */
export const guideUser = (id: string) => ({
  object: 'user',
  id,
  metadata: {},
  birthday: null,
  createdAt: '2026-01-01T00:00:00Z',
  email: 'jerry@example.com',
  emailVerified: false,
  fullName: 'Jerry Seinfeld',
  preferredLocale: 'en-US',
  status: 'active',
});

/** The DomainError a store call throws (fails the test when it throws nothing or something else). */
export function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}

/** The scenarios the README documents, in order. */
export const SCENARIO_NAMES = [
  'default',
  'empty',
  'populated',
  'slow-activation',
  'manual-activation',
  'provider-outage',
  'rate-limited',
  'address-required',
];
