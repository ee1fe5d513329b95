import { faker } from '@faker-js/faker/locale/en';
import { TOP_UP_ADDON_ID } from './addons.js';
import { GUIDE_PLAN_ID, UNLIMITED_PLAN_ID } from './catalogue.js';
import { DEVICE_MODELS, deviceImei } from './devices.js';
import type { ScenarioTarget } from './index.js';
import { DONOR_PROVIDERS } from './service-providers.js';

/**
 * Users whose subscription ports a number in, by their index, and where the porting ends up. Each
 * falls in the status class its subscription has anyway (index % 4: pending, active, canceled,
 * ended), so the subscription counts stay the same; index 2 only holds an unused draft.
 */
const PORTINGS: Readonly<Record<number, string>> = {
  0: 'pending',
  4: 'informationRequired',
  8: 'requested',
  12: 'declined',
  1: 'completed',
  5: 'canceled',
  2: 'draft',
  3: 'expired',
};

const STATES = ['NY', 'CA', 'TX', 'WA', 'IL', 'FL', 'MA', 'CO'];

/**
 * Fills a project with users, addresses and subscriptions in every status, all through store
 * methods. Faker's English instance is reseeded from the simulator's seed and project right here
 * and used synchronously, so the same seed always gives the same people.
 */
export function populate(target: ScenarioTarget, project: string, count: number): void {
  const { store, random } = target;
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
    const portingStatus = PORTINGS[i];
    let porting: string | undefined;
    if (portingStatus !== undefined) {
      const complete = portingStatus !== 'informationRequired' && portingStatus !== 'expired';
      porting = store.portings.create(
        project,
        {
          phoneNumber: `+1646${faker.string.numeric({ length: 7, exclude: ['0', '1'] })}`,
          provider: 'p9',
          user: user.id,
          firstName: first,
          lastName: last,
          ...(complete
            ? {
                accountNumber: faker.string.numeric(9),
                accountPin: faker.string.numeric({ length: 4, allowLeadingZeros: false }),
                donorProvider: DONOR_PROVIDERS[i % DONOR_PROVIDERS.length]?.id,
                address: {
                  line1: address.line1,
                  city: address.city,
                  state: address.state,
                  postalCode: address.postalCode,
                  country: 'US',
                },
              }
            : {}),
        },
        { mode: 'manual' },
      ).id;
    }
    const usesPorting = porting !== undefined && portingStatus !== 'draft';
    const sub = store.subscriptions.create(
      project,
      {
        plan: GUIDE_PLAN_ID,
        user: user.id,
        sim: 'auto',
        userAddress: address.id,
        metadata: { seeded: 'populated' },
        ...(usesPorting ? { porting } : {}),
      },
      { mode: 'manual' },
    );
    if (usesPorting && porting !== undefined && portingStatus !== undefined) {
      if (portingFinished(target, project, porting, portingStatus)) continue;
    }
    // Every status: pending, active, active-but-canceled, ended (one in four each).
    const kind = i % 4;
    if (kind === 0) continue;
    const active = store.subscriptions.activate(project, sub.id);
    // A live subscription's life after the guide (values from the index, not faker, so adding them
    // leaves the people a seed gives as they were): a phone, a top-up, a plan change, some usage.
    if (kind === 1) lifeOfActive(target, project, i, active.id, active.sim?.id, user.id);
    if (kind === 2) store.subscriptions.cancel(project, sub.id, { userReason: 'tooExpensive' });
    if (kind === 3) store.subscriptions.end(project, sub.id);
  }
}

// The populated subscriptions are on the guide's eSIM plan: phones that take an eSIM.
const DEVICE_TACS = DEVICE_MODELS.filter(({ model }) => model.simTypes.includes('eSIM')).flatMap(({ tacs }) => tacs);

function lifeOfActive(
  { store }: ScenarioTarget,
  project: string,
  i: number,
  subscription: string,
  sim: string | undefined,
  user: string,
): void {
  // Live subscriptions are one in four (i % 4 === 1): step through the models by that count.
  const tac = DEVICE_TACS[Math.floor(i / 4) % DEVICE_TACS.length] as string;
  store.devices.create(project, { imei: deviceImei(tac, i), user, sims: sim ? [sim] : [], name: `Phone ${i}` });
  if (i % 8 === 1) store.subscriptionAddons.create(project, { subscription, addon: TOP_UP_ADDON_ID });
  if (i % 12 === 5) store.subscriptionChanges.create(project, { subscription, plan: UNLIMITED_PLAN_ID });
  store.usage.add(project, subscription, { data: (i % 10) * 250_000_000, voice: (i % 7) * 60, sms: i % 20 });
}

/** Walks a submitted porting to its status; true when that also settled its subscription. */
function portingFinished({ store }: ScenarioTarget, project: string, porting: string, status: string): boolean {
  const portings = store.portings;
  if (status === 'requested' || status === 'completed') {
    // The donor's first answer, as the scheduler would give it.
    portings.stepDue(project, porting, portings.record(project, porting).step);
  }
  if (status === 'completed') portings.complete(project, porting);
  if (status === 'declined') portings.decline(project, porting, 'portingAccountPinRequiredOrInvalid');
  if (status === 'canceled') portings.cancel(project, porting);
  if (status === 'expired') portings.expireDue(project, porting, portings.record(project, porting).step);
  return status === 'completed' || status === 'expired';
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
