import { toIso, toMillis } from '../engine/clock.js';
import type { CreateSubscriptionChangeBody, SubscriptionChange } from '../schemas/subscription-change.js';
import type { Page, PageQuery } from './collection.js';
import type { StoreContext } from './context.js';
import { brokenRules, DomainError, Messages, notFound, type PropertyDetail } from './errors.js';
import { presentPlan } from './plans.js';
import { presentSim } from './sims.js';
import type { SubscriptionStore } from './subscriptions.js';
import type { ProjectState, SubscriptionChangeRecord } from './types.js';

export interface SubscriptionChangeFilter {
  subscription?: string[] | undefined;
  status?: string[] | undefined;
}

/** How close to the renewal a plan change is refused (`subscriptionPlanChangeTooCloseToRenewal`) [inferred]. */
export const PLAN_CHANGE_CUTOFF_MS = 60 * 60 * 1000;

/**
 * Plan and SIM changes of a live subscription (reference §12.5: plan changes only at the renewal,
 * SIM changes only now). A plan change waits, `pending`, until the subscription's current period
 * ends; the renewed period is on the new plan. A SIM change is applied at once: the subscription
 * moves to the new SIM (`"auto"`: a new eSIM) and the old one is retired. One pending change per
 * subscription; a pending one can be deleted.
 */
export class SubscriptionChangeStore {
  readonly #ctx: StoreContext;
  readonly #subscriptions: SubscriptionStore;

  constructor(ctx: StoreContext, subscriptions: SubscriptionStore) {
    this.#ctx = ctx;
    this.#subscriptions = subscriptions;
  }

  record(project: string, id: string): SubscriptionChangeRecord {
    const change = this.#ctx.project(project).subscriptionChanges.get(id);
    if (!change) throw notFound('subscription change');
    return change;
  }

  get(project: string, id: string): SubscriptionChange {
    const state = this.#ctx.project(project);
    return present(state, this.record(project, id));
  }

  list(project: string, query: PageQuery, filter: SubscriptionChangeFilter = {}): Page<SubscriptionChange> {
    const state = this.#ctx.project(project);
    const page = state.subscriptionChanges.page(
      query,
      (c) =>
        (!filter.subscription || filter.subscription.includes(c.subscription)) &&
        (!filter.status || filter.status.includes(c.status)),
    );
    return { ...page, items: page.items.map((c) => present(state, c)) };
  }

  create(project: string, input: CreateSubscriptionChangeBody): SubscriptionChange {
    const state = this.#ctx.project(project);
    const { when } = this.#check(state, input);
    const sub = state.subscriptions.get(input.subscription);
    if (!sub?.currentPeriod) throw new DomainError('invalid', Messages.changeNeedsActiveSubscription);
    const record: SubscriptionChangeRecord = {
      object: 'subscriptionChange',
      id: this.#ctx.random.id('sch'),
      appliedAt: null,
      createdAt: this.#ctx.now(),
      failureCode: null,
      requestedChange: { plan: input.plan ?? null, sim: input.sim ?? null, when },
      scheduledAt: when === 'renewal' ? sub.currentPeriod.end : null,
      sim: null,
      status: 'pending',
      subscription: sub.id,
    };
    state.subscriptionChanges.add(record);
    // Only a plan change waits: a SIM change is applied below, so it never holds the pending slot.
    if (input.plan !== undefined) state.pendingChanges.set(sub.id, record.id);
    this.#ctx.emit(project, 'com.gigs.subscriptionChange.created', () => present(state, record));
    if (when === 'now' && input.sim !== undefined) {
      const sim = this.#subscriptions.swapSim(project, sub.id, input.sim);
      return present(state, this.#applied(state, { ...record, sim }));
    }
    return present(state, record);
  }

  /** Deletes a pending change (the documented `subscriptionChange.deleted`); others answer 422. */
  delete(project: string, id: string): SubscriptionChange {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status !== 'pending') throw new DomainError('invalid', Messages.changeNotPending);
    const next: SubscriptionChangeRecord = { ...current, status: 'deleted' };
    state.subscriptionChanges.replace(next);
    state.pendingChanges.delete(current.subscription);
    this.#ctx.emit(project, 'com.gigs.subscriptionChange.deleted', () => present(state, next));
    return present(state, next);
  }

  /**
   * Called by the subscription store as a period ends and the subscription renews: the plan a
   * pending plan change asks for, which the renewed period is on (the change is applied).
   */
  planForRenewal(project: string, subscription: string, at: number): string | undefined {
    const state = this.#ctx.project(project);
    const id = state.pendingChanges.get(subscription);
    const change = id === undefined ? undefined : state.subscriptionChanges.get(id);
    const plan = change?.requestedChange.plan;
    if (change?.status !== 'pending' || plan == null) return undefined;
    this.#applied(state, change, at);
    return plan;
  }

  /** A subscription that ended takes its pending change with it (failed: nothing to change). */
  failForSubscription(project: string, subscription: string): void {
    const state = this.#ctx.project(project);
    const id = state.pendingChanges.get(subscription);
    const change = id === undefined ? undefined : state.subscriptionChanges.get(id);
    if (change?.status !== 'pending') return;
    const next: SubscriptionChangeRecord = { ...change, status: 'failed', failureCode: 'subscriptionEnded' };
    state.subscriptionChanges.replace(next);
    state.pendingChanges.delete(subscription);
    this.#ctx.emit(project, 'com.gigs.subscriptionChange.updated', () => present(state, next), {
      status: 'pending',
      failureCode: null,
    });
  }

  #applied(state: ProjectState, change: SubscriptionChangeRecord, at = this.#ctx.clock.now()): SubscriptionChangeRecord {
    const next: SubscriptionChangeRecord = { ...change, status: 'applied', appliedAt: toIso(at) };
    state.subscriptionChanges.replace(next);
    if (state.pendingChanges.get(change.subscription) === change.id) state.pendingChanges.delete(change.subscription);
    this.#ctx.emit(state.id, 'com.gigs.subscriptionChange.applied', () => present(state, next));
    return next;
  }

  /** Every rule of a create at once; returns when it applies. */
  #check(state: ProjectState, input: CreateSubscriptionChangeBody): { when: 'now' | 'renewal' } {
    const details: PropertyDetail[] = [];
    let code: string | undefined;
    const bad = (property: string, message: string, withCode?: string) => {
      details.push({ property, message, code: 'propertyInvalid' });
      code ??= withCode;
    };
    const isPlan = input.plan !== undefined;
    if (isPlan === (input.sim !== undefined)) bad('plan', Messages.changeOneOfPlanOrSim);
    const when = input.when ?? (isPlan ? 'renewal' : 'now');
    if (isPlan && when !== 'renewal') bad('when', Messages.planChangeAtRenewal);
    if (!isPlan && input.sim !== undefined && when !== 'now') bad('when', Messages.simChangeNow);
    const sub = state.subscriptions.get(input.subscription);
    if (!sub) bad('subscription', Messages.notFound('subscription'));
    else if (sub.status !== 'active' || sub.currentPeriod === null) bad('subscription', Messages.changeNeedsActiveSubscription);
    else if (sub.canceledAt !== null) bad('subscription', Messages.changeOfCanceled);
    else if (isPlan && state.pendingChanges.has(sub.id)) bad('subscription', Messages.changeAlreadyPending);
    const current = sub ? state.plans.get(sub.plan) : undefined;
    // A one-time plan has no renewal for a plan change to wait for.
    if (isPlan && current?.validity.type === 'oneTime') bad('subscription', Messages.changeOfOneTime);
    if (sub && current && input.plan !== undefined) {
      const plan = state.plans.get(input.plan);
      if (!plan) bad('plan', Messages.notFound('plan'));
      else if (plan.status !== 'available') bad('plan', Messages.planNotAvailable);
      else if (plan.id === sub.plan) bad('plan', Messages.changeSamePlan);
      else if (plan.provider !== current.provider)
        bad('plan', Messages.changeProviderMismatch, 'subscriptionChangeProviderMismatch');
      else if (!plan.simTypes.includes(sub.simType)) bad('plan', Messages.simTypeNotSupported);
      else if (sub.currentPeriod && toMillis(sub.currentPeriod.end) - this.#ctx.clock.now() < PLAN_CHANGE_CUTOFF_MS) {
        bad('plan', Messages.planChangeTooCloseToRenewal, 'subscriptionPlanChangeTooCloseToRenewal');
      }
    }
    if (sub && current && input.sim !== undefined) {
      if (input.sim === 'auto') {
        if (!current.simTypes.includes('eSIM')) bad('sim', Messages.simTypeNotSupported);
      } else {
        const sim = state.sims.get(input.sim);
        if (!sim) bad('sim', Messages.notFound('SIM'));
        else if (sim.id === sub.sim) bad('sim', Messages.changeSameSim);
        // A new eSIM is `"auto"`; by id, only an unused physical SIM (as at subscription create).
        else if (sim.type === 'eSIM') bad('sim', Messages.changeToOldESim);
        else if (sim.subscription !== null || sim.status !== 'inactive') bad('sim', Messages.simAlreadyUsed, 'simAlreadyUsed');
        else if (sim.provider !== current.provider || !current.simTypes.includes(sim.type))
          bad('sim', Messages.simTypeNotSupported);
      }
    }
    // Only simAlreadyUsed is a duplicate (--conflict-status); the change codes are rules.
    const broken = brokenRules(details, code, ['simAlreadyUsed']);
    if (broken) throw broken;
    return { when };
  }
}

function present(state: ProjectState, change: SubscriptionChangeRecord): SubscriptionChange {
  const plan = change.requestedChange.plan === null ? undefined : state.plans.get(change.requestedChange.plan);
  const sim = change.sim === null ? undefined : state.sims.get(change.sim);
  return {
    object: 'subscriptionChange',
    id: change.id,
    appliedAt: change.appliedAt,
    createdAt: change.createdAt,
    failureCode: change.failureCode,
    plan: plan ? presentPlan(plan) : null,
    requestedChange: change.requestedChange,
    scheduledAt: change.scheduledAt,
    sim: sim ? presentSim(sim) : null,
    status: change.status,
    subscription: change.subscription,
  };
}
