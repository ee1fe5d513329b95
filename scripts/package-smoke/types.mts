// Type-checked by scripts/smoke-package.sh as an ES module consumer (the `import` types condition).
import { createSimulator, type GigsEvent, type Plan, type Sim, type SimCredentials, type UserAddress } from 'gigs-mock';

const sim = createSimulator();
const res = await sim.app.request('/projects/p/plans', { headers: { authorization: 'Bearer t' } });
const plans = (await res.json()) as { items: Plan[] };
export const names: string[] = plans.items.map((p) => p.name);
export const qr = (c: SimCredentials): string | null => c.qrCodeUrl;
export const iccid = (s: Sim): string => s.iccid;
export const city = (a: UserAddress): string => a.city;
export const eventType = (e: GigsEvent): string => e.type;

// Proves the types are real (not any): this line must not compile.
// @ts-expect-error a plan name is a string, not a number
export const wrong = (p: Plan): number => p.name;

// The MSW adapter's declarations (msw is installed by then).
import { gigsHandlers } from 'gigs-mock/msw';
export const handlerCount: number = gigsHandlers(sim, { intercept: ['api'] }).length;
