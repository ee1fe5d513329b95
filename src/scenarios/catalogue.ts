import type { PlanDefinition as Plan } from '../schemas/plan.js';

/**
 * The default plan catalogue. Ids are fixed strings, the same in every project, run and restart,
 * so a partner can put them in a .env. The first one is the getting-started guide's plan.
 */
const CREATED_AT = '2025-01-15T09:00:00Z';
const GB = 1_000_000_000;

type PlanSeed = Omit<
  Plan,
  'object' | 'metadata' | 'createdAt' | 'firstPeriodTrigger' | 'image' | 'limits' | 'requirements' | 'activationTrigger'
> &
  Partial<Pick<Plan, 'limits' | 'activationTrigger'>> & { requirements?: Partial<Plan['requirements']> };

const WORLD = {
  object: 'coverage' as const,
  id: 'global',
  name: 'Global',
  countries: ['US', 'CA', 'MX', 'GB', 'DE', 'FR', 'ES', 'IT', 'JP', 'AU'],
};
const USA = { object: 'coverage' as const, id: 'us', name: 'United States', countries: ['US'] };
const EUROPE = {
  object: 'coverage' as const,
  id: 'eu',
  name: 'Europe',
  countries: ['DE', 'FR', 'ES', 'IT', 'NL', 'PT', 'AT', 'BE'],
};

const seeds: PlanSeed[] = [
  {
    id: 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo',
    name: 'Gigs Global',
    description: 'A data plan for most countries of the world.',
    allowances: { dataBytes: 10 * GB, voiceSeconds: 30_000, smsMessages: 100 },
    coverage: WORLD,
    price: { amount: 999, currency: 'USD' },
    provider: 'p9',
    requirements: { address: 'present' },
    simTypes: ['eSIM'],
    status: 'available',
    validity: { value: 1, unit: 'month', type: 'recurring', minimumPeriods: 1 },
  },
  {
    id: 'pln_0SNlurA049MEWV3aUnlimitedP9x',
    name: 'Gigs Unlimited',
    description: 'Unlimited data, talk and text in the United States, on eSIM or physical SIM.',
    allowances: { dataBytes: null, voiceSeconds: null, smsMessages: null },
    coverage: USA,
    limits: {
      dataBytes: 100 * GB,
      bandwidthBitsPerSecond: null,
      throttling: { thresholdBytes: 50 * GB, bandwidthBitsPerSecond: 1_000_000 },
    },
    price: { amount: 4999, currency: 'USD' },
    provider: 'p9',
    requirements: { address: 'verified' },
    simTypes: ['eSIM', 'pSIM'],
    status: 'available',
    validity: { value: 1, unit: 'month', type: 'recurring', minimumPeriods: 1 },
  },
  {
    id: 'pln_0SNlurA049MEWV3bBasicPSimP5x',
    name: 'Basic SIM',
    description: 'A small plan for phones with a physical SIM card.',
    allowances: { dataBytes: 2 * GB, voiceSeconds: 6_000, smsMessages: 500 },
    coverage: USA,
    price: { amount: 499, currency: 'USD' },
    provider: 'p5',
    simTypes: ['pSIM'],
    status: 'available',
    validity: { value: 1, unit: 'month', type: 'recurring', minimumPeriods: 1 },
  },
  {
    id: 'pln_0SNlurA049MEWV3cEssentialsP5',
    name: 'Essentials',
    description: 'Everyday data with a name on the line, as some providers require.',
    allowances: { dataBytes: 5 * GB, voiceSeconds: 12_000, smsMessages: 1_000 },
    coverage: USA,
    price: { amount: 1999, currency: 'USD' },
    provider: 'p5',
    requirements: { 'user.fullName': 'present' },
    simTypes: ['eSIM', 'pSIM'],
    status: 'available',
    validity: { value: 1, unit: 'month', type: 'recurring', minimumPeriods: 3 },
  },
  {
    id: 'pln_0SNlurA049MEWV3dFamilyDobP5x',
    name: 'Family Plus',
    description: 'A plan whose provider needs the subscriber’s birthday and address.',
    allowances: { dataBytes: 20 * GB, voiceSeconds: null, smsMessages: null },
    coverage: USA,
    price: { amount: 2999, currency: 'USD' },
    provider: 'p5',
    requirements: { address: 'present', 'user.birthday': 'present', 'user.fullName': 'present' },
    simTypes: ['eSIM'],
    status: 'available',
    validity: { value: 1, unit: 'month', type: 'recurring', minimumPeriods: 1 },
  },
  {
    id: 'pln_0SNlurA049MEWV3eTravelEuTest',
    name: 'Travel Europe 7 days',
    description: 'A one-time data pass for a week in Europe.',
    allowances: { dataBytes: 3 * GB, voiceSeconds: 0, smsMessages: 0 },
    coverage: EUROPE,
    price: { amount: 1500, currency: 'USD' },
    provider: 'test',
    simTypes: ['eSIM'],
    status: 'available',
    validity: { value: 7, unit: 'day', type: 'oneTime', minimumPeriods: 1 },
  },
  {
    id: 'pln_0SNlurA049MEWV3fLegacyArchvd',
    name: 'Legacy 2023',
    description: 'An older plan kept for existing subscriptions; not sold any more.',
    allowances: { dataBytes: 8 * GB, voiceSeconds: 30_000, smsMessages: 100 },
    coverage: USA,
    price: { amount: 1499, currency: 'USD' },
    provider: 'p9',
    simTypes: ['eSIM', 'pSIM'],
    status: 'archived',
    validity: { value: 1, unit: 'month', type: 'recurring', minimumPeriods: 1 },
  },
  {
    id: 'pln_0SNlurA049MEWV3gDraftNextYrx',
    name: 'Next Year Plan',
    description: 'A plan still being set up.',
    allowances: { dataBytes: 50 * GB, voiceSeconds: null, smsMessages: null },
    coverage: WORLD,
    price: { amount: 3999, currency: 'USD' },
    provider: 'test',
    simTypes: ['eSIM'],
    status: 'draft',
    validity: { value: 30, unit: 'day', type: 'recurring', minimumPeriods: 1 },
  },
];

export function defaultPlans(): Plan[] {
  return seeds.map((seed) => ({
    object: 'plan',
    id: seed.id,
    metadata: {},
    activationTrigger: seed.activationTrigger ?? 'creation',
    allowances: seed.allowances,
    coverage: seed.coverage,
    createdAt: CREATED_AT,
    description: seed.description,
    firstPeriodTrigger: 'activation',
    image: null,
    limits: seed.limits ?? { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null },
    name: seed.name,
    price: seed.price,
    provider: seed.provider,
    requirements: { address: 'none', 'user.birthday': 'none', 'user.fullName': 'none', device: 'none', ...seed.requirements },
    simTypes: seed.simTypes,
    status: seed.status,
    validity: seed.validity,
  }));
}

/** Physical SIMs every project starts with, per provider of a pSIM-capable plan. */
export const PSIM_STOCK: Record<string, number> = { p9: 10, p5: 10 };

/** The guide's plan, handy in tests and docs. */
export const GUIDE_PLAN_ID = 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo';
/** The guide plan's provider's unlimited plan (a plan change's usual target). */
export const UNLIMITED_PLAN_ID = 'pln_0SNlurA049MEWV3aUnlimitedP9x';
