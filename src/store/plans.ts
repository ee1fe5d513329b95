import type { Plan } from '../schemas/plan.js';
import type { Page, PageQuery } from './collection.js';
import type { StoreContext } from './context.js';
import { notFound } from './errors.js';
import { deepFreeze } from './freeze.js';
import type { PlanRecord } from './types.js';

export interface PlanFilter {
  simType?: string[] | undefined;
  status?: string[] | undefined;
  provider?: string[] | undefined;
}

/**
 * Plans are embedded in every subscription the API returns, so their wire form is made once per
 * plan version and frozen (callers cannot change the store through it); a put makes a new record.
 */
const presented = new WeakMap<PlanRecord, Plan>();
export function presentPlan(plan: PlanRecord): Plan {
  let wire = presented.get(plan);
  if (!wire) {
    wire = deepFreeze(structuredClone(withFlatAllowances(plan)));
    presented.set(plan, wire);
  }
  return wire;
}

/** Deprecated flat allowances use -1 where `allowances` uses null for unlimited. */
const flat = (amount: number | null): number => amount ?? -1;

/** The deprecated flat fields of plans and add-ons, from their `allowances`. */
export function flatAllowances(allowances: PlanRecord['allowances']) {
  return {
    data: flat(allowances.dataBytes),
    dataUnit: 'byte' as const,
    sms: flat(allowances.smsMessages),
    smsUnit: 'message' as const,
    voice: flat(allowances.voiceSeconds),
    voiceUnit: 'second' as const,
  };
}

/** The wire form's fields in the order of the documented example (alphabetical after object, id, metadata). */
function withFlatAllowances(plan: PlanRecord): Plan {
  const { allowances } = plan;
  return {
    object: plan.object,
    id: plan.id,
    metadata: plan.metadata,
    activationTrigger: plan.activationTrigger,
    allowances,
    coverage: plan.coverage,
    createdAt: plan.createdAt,
    data: flat(allowances.dataBytes),
    dataUnit: 'byte',
    description: plan.description,
    firstPeriodTrigger: plan.firstPeriodTrigger,
    image: plan.image,
    limits: plan.limits,
    name: plan.name,
    price: plan.price,
    provider: plan.provider,
    requirements: plan.requirements,
    simTypes: plan.simTypes,
    sms: flat(allowances.smsMessages),
    smsUnit: 'message',
    status: plan.status,
    validity: plan.validity,
    voice: flat(allowances.voiceSeconds),
    voiceUnit: 'second',
  };
}
const present = presentPlan;

/** Plans are read-only through the API (Gigs sets them up); scenarios put them in place. */
export class PlanStore {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Adds a plan, or replaces the one with the same id (used by scenarios). */
  put(project: string, plan: PlanRecord): Plan {
    const plans = this.#ctx.project(project).plans;
    if (plans.has(plan.id)) plans.replace(structuredClone(plan));
    else plans.add(structuredClone(plan));
    return present(plan);
  }

  record(project: string, id: string): PlanRecord {
    const plan = this.#ctx.project(project).plans.get(id);
    if (!plan) throw notFound('plan');
    return plan;
  }

  get(project: string, id: string): Plan {
    return present(this.record(project, id));
  }

  list(project: string, query: PageQuery, filter: PlanFilter = {}): Page<Plan> {
    const page = this.#ctx
      .project(project)
      .plans.page(
        query,
        (plan) =>
          (!filter.simType || plan.simTypes.some((t) => filter.simType?.includes(t))) &&
          (!filter.status || filter.status.includes(plan.status)) &&
          (!filter.provider || filter.provider.includes(plan.provider)),
      );
    return { ...page, items: page.items.map(present) };
  }

  all(project: string): PlanRecord[] {
    return [...this.#ctx.project(project).plans.values()];
  }
}
