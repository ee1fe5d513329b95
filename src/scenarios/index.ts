import type { FaultInjector } from '../engine/faults.js';
import type { Store } from '../store/store.js';
import { defaultPlans, PSIM_STOCK } from './catalogue.js';
import { populate } from './populated.js';

/** What a scenario may touch: the store (through its methods) and the fault rules. */
export interface ScenarioTarget {
  store: Store;
  faults: FaultInjector;
  random: { seed: string };
}

/**
 * A scenario is data plus a small function that goes through the same store methods as the API.
 * `apply` seeds one project; it runs when the project comes into being and again on reset.
 */
export interface Scenario {
  name: string;
  description: string;
  apply(target: ScenarioTarget, project: string): void;
}

function seedCatalogue({ store }: ScenarioTarget, project: string): void {
  // Listed newest first: insert in reverse so the guide's plan is the first one a list shows.
  for (const plan of defaultPlans().reverse()) store.plans.put(project, plan);
  for (const [provider, count] of Object.entries(PSIM_STOCK)) {
    for (let i = 0; i < count; i++) store.sims.addPhysical(project, provider);
  }
}

export const scenarios: Scenario[] = [
  {
    name: 'default',
    description: 'The plan catalogue (8 plans) and 20 inactive physical SIMs per project (10 p9, 10 p5).',
    apply: seedCatalogue,
  },
  {
    name: 'empty',
    description: 'No plans, SIMs or users: for tests that build everything themselves.',
    apply: () => {},
  },
  {
    name: 'populated',
    description:
      '250 users with addresses and subscriptions in every status, portings in every status, and for live subscriptions a phone, usage, some top-ups and pending plan changes, for pagination and UI work.',
    apply: (target, project) => {
      seedCatalogue(target, project);
      populate(target, project, 250);
    },
  },
  {
    name: 'slow-activation',
    description: 'The catalogue, with new subscriptions taking 3 minutes to activate.',
    apply: (target, project) => {
      seedCatalogue(target, project);
      target.store.setActivation(project, { mode: 'delay', delayMs: 3 * 60_000 });
    },
  },
  {
    name: 'manual-activation',
    description: 'The catalogue, with subscriptions pending until activated through the control plane.',
    apply: (target, project) => {
      seedCatalogue(target, project);
      target.store.setActivation(project, { mode: 'manual' });
    },
  },
  {
    name: 'provider-outage',
    description: 'The catalogue, but creating a subscription answers 503 serviceUnavailable.',
    apply: (target, project) => {
      seedCatalogue(target, project);
      target.faults.add({
        project,
        method: 'POST',
        path: '/subscriptions',
        status: 503,
        type: 'internal',
        code: 'serviceUnavailable',
        message: 'The network provider is not available. Try again later.',
      });
    },
  },
  {
    name: 'rate-limited',
    description: 'The catalogue, with one request in four answering 429.',
    apply: (target, project) => {
      seedCatalogue(target, project);
      target.faults.add({
        project,
        path: '/**',
        status: 429,
        type: 'tooManyRequests',
        message: 'Too many requests.',
        probability: 0.25,
      });
    },
  },
  {
    name: 'address-required',
    description: 'The catalogue, with every plan requiring a verified user address.',
    apply: (target, project) => {
      seedCatalogue(target, project);
      for (const plan of target.store.plans.all(project)) {
        target.store.plans.put(project, { ...plan, requirements: { ...plan.requirements, address: 'verified' } });
      }
    },
  },
];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}

export const scenarioNames = (): string[] => scenarios.map((s) => s.name);
