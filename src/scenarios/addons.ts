import type { AddonDefinition } from '../schemas/addon.js';

/**
 * The add-on catalogue: the same in every project, run and restart (fixed ids, like the plans), so a
 * partner can put an id in a .env. Gigs sets add-ons up per customer, as it does plans; these are
 * plausible ones for the catalogue's providers: data top-ups, a recurring calling pack, an archived
 * roaming pass.
 */
const CREATED_AT = '2025-01-15T09:00:00Z';
const GB = 1_000_000_000;

const P9_PLANS = ['pln_0SNlurA049MEWV3V0q7gjQbM4EVo', 'pln_0SNlurA049MEWV3aUnlimitedP9x'];
const P5_PLANS = ['pln_0SNlurA049MEWV3bBasicPSimP5x', 'pln_0SNlurA049MEWV3cEssentialsP5', 'pln_0SNlurA049MEWV3dFamilyDobP5x'];
const TEST_PLANS = ['pln_0SNlurA049MEWV3eTravelEuTest'];
const NO_VOICE_OR_SMS = { voiceSeconds: 0, smsMessages: 0 };

type Seed = Pick<
  AddonDefinition,
  'id' | 'name' | 'description' | 'plans' | 'price' | 'provider' | 'recurrenceType' | 'type' | 'validity'
> &
  Partial<Pick<AddonDefinition, 'status' | 'coverage' | 'activationTrigger'>> & { allowances: AddonDefinition['allowances'] };

const seeds: Seed[] = [
  {
    id: 'add_0SNlurA049MEWV4aTopUp1GbP9xx',
    name: '1 GB Data Top-up',
    description: 'One more gigabyte of data, valid for 30 days.',
    allowances: { dataBytes: 1 * GB, ...NO_VOICE_OR_SMS },
    plans: P9_PLANS,
    price: { amount: 500, currency: 'USD' },
    provider: 'p9',
    recurrenceType: 'oneTime',
    type: 'topUp',
    validity: { unit: 'day', value: 30 },
  },
  {
    id: 'add_0SNlurA049MEWV4bTopUp5GbP9xx',
    name: '5 GB Data Top-up',
    description: 'Five more gigabytes of data, valid for 30 days.',
    allowances: { dataBytes: 5 * GB, ...NO_VOICE_OR_SMS },
    plans: P9_PLANS,
    price: { amount: 1500, currency: 'USD' },
    provider: 'p9',
    recurrenceType: 'oneTime',
    type: 'topUp',
    validity: { unit: 'day', value: 30 },
  },
  {
    id: 'add_0SNlurA049MEWV4cIntlCallsP9x',
    name: 'International Calls',
    description: '100 minutes of calls abroad every month.',
    allowances: { dataBytes: 0, voiceSeconds: 6000, smsMessages: 0 },
    plans: P9_PLANS,
    price: { amount: 300, currency: 'USD' },
    provider: 'p9',
    recurrenceType: 'recurring',
    type: 'other',
    validity: { unit: 'month', value: 1 },
  },
  {
    id: 'add_0SNlurA049MEWV4dTopUp2GbP5xx',
    name: '2 GB Data Top-up',
    description: 'Two more gigabytes of data until the end of the month.',
    allowances: { dataBytes: 2 * GB, ...NO_VOICE_OR_SMS },
    plans: P5_PLANS,
    price: { amount: 800, currency: 'USD' },
    provider: 'p5',
    recurrenceType: 'oneTime',
    type: 'topUp',
    validity: { unit: 'month', value: 1 },
  },
  {
    id: 'add_0SNlurA049MEWV4eTravel1GbTst',
    name: 'Travel 1 GB Extra',
    description: 'One more gigabyte for the trip.',
    allowances: { dataBytes: 1 * GB, ...NO_VOICE_OR_SMS },
    plans: TEST_PLANS,
    price: { amount: 400, currency: 'EUR' },
    provider: 'test',
    recurrenceType: 'oneTime',
    type: 'topUp',
    validity: { unit: 'day', value: 7 },
  },
  {
    id: 'add_0SNlurA049MEWV4fRoamingArchv',
    name: 'Roaming Pass 2024',
    description: 'Data abroad; no longer sold.',
    allowances: { dataBytes: 2 * GB, ...NO_VOICE_OR_SMS },
    plans: P9_PLANS,
    price: { amount: 1000, currency: 'USD' },
    provider: 'p9',
    recurrenceType: 'oneTime',
    type: 'topUp',
    validity: { unit: 'day', value: 14 },
    status: 'archived',
  },
];

/** The guide plan's 1 GB top-up. */
export const TOP_UP_ADDON_ID = 'add_0SNlurA049MEWV4aTopUp1GbP9xx';

const IDS = new Set(seeds.map((seed) => seed.id));
/** Whether an id names an add-on of the catalogue (snapshots may only refer to those). */
export const isCatalogueAddon = (id: string): boolean => IDS.has(id);

export function defaultAddons(): AddonDefinition[] {
  return seeds.map((seed) => ({
    object: 'addon',
    id: seed.id,
    metadata: {},
    activationTrigger: seed.activationTrigger ?? 'creation',
    allowances: seed.allowances,
    coverage: seed.coverage ?? null,
    createdAt: CREATED_AT,
    description: seed.description,
    name: seed.name,
    plans: seed.plans,
    price: seed.price,
    provider: seed.provider,
    recurrenceType: seed.recurrenceType,
    status: seed.status ?? 'available',
    type: seed.type,
    validity: seed.validity,
  }));
}
