import { faker } from '@faker-js/faker/locale/en';
import { GUIDE_PLAN_ID } from './catalogue.js';
import type { ScenarioTarget } from './index.js';

const STATES = ['NY', 'CA', 'TX', 'WA', 'IL', 'FL', 'MA', 'CO'];

/**
 * Fills a project with users, addresses and subscriptions in every status, all through store
 * methods. Faker's English instance is reseeded from the simulator's seed and project right here
 * and used synchronously, so the same seed always gives the same people.
 */
export function populate({ store, random }: ScenarioTarget, project: string, count: number): void {
  // Birthdays count back from the simulated now, not the wall date: a seed gives the same people any day.
  const refDate = store.ctx.clock.now();
  faker.seed(hash(`${random.seed}:${project}`));
  for (let i = 0; i < count; i++) {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const user = store.users.create(project, {
      email: faker.internet.email({ firstName: first, lastName: `${last}${i}`, provider: 'example.com' }).toLowerCase(),
      fullName: `${first} ${last}`,
      birthday: faker.date.birthdate({ min: 18, max: 80, mode: 'age', refDate }).toISOString().slice(0, 10),
    });
    const address = store.addresses.create(project, user.id, {
      line1: faker.location.streetAddress(),
      city: faker.location.city(),
      state: STATES[i % STATES.length],
      postalCode: faker.location.zipCode('#####'),
      country: 'US',
    });
    const sub = store.subscriptions.create(
      project,
      { plan: GUIDE_PLAN_ID, user: user.id, sim: 'auto', userAddress: address.id, metadata: { seeded: 'populated' } },
      { mode: 'manual' },
    );
    // Every status: pending, active, active-but-canceled, ended (one in four each).
    const kind = i % 4;
    if (kind === 0) continue;
    store.subscriptions.activate(project, sub.id);
    if (kind === 2) store.subscriptions.cancel(project, sub.id, { userReason: 'tooExpensive' });
    if (kind === 3) store.subscriptions.end(project, sub.id);
  }
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
