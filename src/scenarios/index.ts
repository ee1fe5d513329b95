import type { Store } from '../store/store.js';
import { defaultPlans, PSIM_STOCK } from './catalogue.js';

/**
 * A scenario is data plus a small function that goes through the same store methods as the API.
 * `apply` seeds one project; it runs when the project comes into being and again on reset.
 */
export interface Scenario {
  name: string;
  description: string;
  apply(store: Store, project: string): void;
}

function seedCatalogue(store: Store, project: string): void {
  // Listed newest first: insert in reverse so the guide's plan is the first one a list shows.
  for (const plan of defaultPlans().reverse()) store.plans.put(project, plan);
  for (const [provider, count] of Object.entries(PSIM_STOCK)) {
    for (let i = 0; i < count; i++) store.sims.addPhysical(project, provider);
  }
}

export const scenarios: Scenario[] = [
  {
    name: 'default',
    description: 'The plan catalogue (8 plans) and 25 inactive physical SIMs per project.',
    apply: seedCatalogue,
  },
  {
    name: 'empty',
    description: 'No plans, SIMs or users: for tests that build everything themselves.',
    apply: () => {},
  },
];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}

export const scenarioNames = (): string[] => scenarios.map((s) => s.name);
