// Type-checked by scripts/smoke-package.sh as a CommonJS consumer (the `require` types condition).
import { createSimulator, type GigsError, type List, type Subscription, type User } from 'gigs-mock';

export async function firstUser(): Promise<User | undefined> {
  const sim = createSimulator();
  const res = await sim.app.request('/projects/p/users', { headers: { authorization: 'Bearer t' } });
  if (!res.ok) throw new Error(((await res.json()) as GigsError).message);
  const list = (await res.json()) as List<User>;
  return list.items[0];
}

export const status = (s: Subscription): string => s.status;

// Proves the types are real (not any): this line must not compile.
// @ts-expect-error a subscription status is a string union, not a number
export const wrong = (s: Subscription): number => s.status;

import { gigsHandlers } from 'gigs-mock/msw';
export const handlers = (sim: ReturnType<typeof createSimulator>) => gigsHandlers(sim, { api: 'https://api.staging.example' });
