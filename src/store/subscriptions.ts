import { toIso, toMillis } from '../engine/clock.js';
import type { CancelSubscriptionBody, CreateSubscriptionBody, Subscription } from '../schemas/subscription.js';
import type { AddressStore } from './addresses.js';
import { mapPage, type Page, type PageQuery } from './collection.js';
import { indexSubscription, type StoreContext } from './context.js';
import { changedFields } from './diff.js';
import { DomainError, Messages, notFound } from './errors.js';
import { mergeMetadata } from './metadata.js';
import type { PlanStore } from './plans.js';
import type { PortingStore } from './portings.js';
import { presentSim, type SimStore } from './sims.js';
import { SubscriptionPresenter } from './subscription-present.js';
import {
  checkCreate,
  earliestEnd,
  hasPhoneNumber,
  newPhoneNumber,
  periodEnd,
  periodEndAfter,
  requireRecurring,
} from './subscription-rules.js';
import type { ActivationSetting, ProjectState, SubscriptionRecord } from './types.js';
import type { UserStore } from './users.js';

export interface SubscriptionFilter {
  user?: string[] | undefined;
  status?: string[] | undefined;
  plan?: string[] | undefined;
  sim?: string[] | undefined;
  phoneNumber?: string[] | undefined;
}

export const JOB_ACTIVATE = 'subscription.activate';
export const JOB_PERIOD_END = 'subscription.periodEnd';

export interface Related {
  users: UserStore;
  addresses: AddressStore;
  plans: PlanStore;
  sims: SimStore;
  portings: PortingStore;
}

/** The data of a period-end job, shared per period number: 100k queued renewals need only a few. */
const PERIOD_DATA: Readonly<{ period: number }>[] = [];
function periodData(period: number): Readonly<{ period: number }> {
  if (period > 240) return { period };
  PERIOD_DATA[period] ??= Object.freeze({ period });
  return PERIOD_DATA[period] as Readonly<{ period: number }>;
}

/** The lifecycle rules of reference §9.4: pending -> active -> (renewed)* -> ended. */
export class SubscriptionStore {
  readonly #ctx: StoreContext;
  readonly #rel: Related;
  /** Told when a subscription ends (its add-ons end with it, its pending change fails). */
  onEnded: (project: string, subscription: string, at: number) => void = () => {};
  /** Asked as a subscription renews: the plan a pending plan change moves it to, if any. */
  planForRenewal: (project: string, subscription: string, at: number) => string | undefined = () => undefined;
  readonly #settings = new Map<string, Readonly<ActivationSetting>>();
  readonly #view = new SubscriptionPresenter();

  constructor(ctx: StoreContext, related: Related) {
    this.#ctx = ctx;
    this.#rel = related;
  }

  create(project: string, input: CreateSubscriptionBody, activation?: Partial<ActivationSetting>): Subscription {
    const state = this.#ctx.project(project);
    const { plan, simId, userAddress, porting } = checkCreate(state, input);
    const metadata = mergeMetadata({}, input.metadata);
    // A subscription that ports a number in gets that number when the porting completes.
    const phoneNumber = porting === null && hasPhoneNumber(plan) ? newPhoneNumber(state, this.#ctx.random) : null;
    // Shared with the project's settings unless overridden (settings are replaced, never mutated).
    const setting = activation ? this.#setting({ ...state.settings.activation, ...activation }) : state.settings.activation;
    const sub: SubscriptionRecord = {
      object: 'subscription',
      id: this.#ctx.random.id('sub'),
      metadata,
      activatedAt: null,
      billing: null,
      canceledAt: null,
      cancellationDetails: null,
      createdAt: this.#ctx.now(),
      currentPeriod: null,
      earliestEndAt: null,
      endedAt: null,
      firstUsageAt: null,
      lastPorting: porting,
      phoneNumber,
      plan: plan.id,
      porting,
      restrictedAt: null,
      restrictionDetails: null,
      sim: simId,
      status: 'pending',
      user: input.user,
      userAddress,
      simType: simId ? 'pSIM' : 'eSIM',
      activation: setting,
    };
    state.subscriptions.add(sub);
    if (phoneNumber) state.phoneNumbers.set(phoneNumber, sub.id);
    indexSubscription(state, sub.user, sub.id);
    if (simId) this.#rel.sims.setStatus(project, simId, 'inactive', sub.id);
    this.#ctx.emit(project, 'com.gigs.subscription.created', this.#view.later(state, sub));
    // While a number is ported in, the subscription stays pending: the porting activates it.
    if (porting !== null) this.#rel.portings.submit(project, porting, sub.id);
    else this.#startActivation(state, sub);
    return this.get(project, sub.id);
  }

  #startActivation(state: ProjectState, sub: SubscriptionRecord): void {
    // A plan that activates on usage waits for its first usage (src/store/usage.ts), or the control plane.
    if (this.#rel.plans.record(state.id, sub.plan).activationTrigger === 'usageStarted') return;
    const setting = sub.activation;
    if (setting.mode === 'immediate') this.#activate(state, sub);
    else if (setting.mode === 'delay') {
      this.#ctx.scheduler.schedule({
        at: this.#ctx.clock.now() + setting.delayMs,
        kind: JOB_ACTIVATE,
        project: state.id,
        target: sub.id,
      });
    }
  }

  /** The porting completed: a pending subscription activates with the ported number. */
  portingCompleted(project: string, id: string, phoneNumber: string): void {
    const state = this.#ctx.projects.get(project);
    const current = state?.subscriptions.get(id);
    if (!state || current?.status !== 'pending') return;
    state.phoneNumbers.set(phoneNumber, id);
    const numbered: SubscriptionRecord = { ...current, phoneNumber };
    state.subscriptions.replace(numbered);
    this.#activate(state, numbered);
  }

  /** The porting was canceled: the subscription goes on with a new number, as without a porting. */
  portingCanceled(project: string, id: string): void {
    const state = this.#ctx.projects.get(project);
    const current = state?.subscriptions.get(id);
    if (!state || current?.status !== 'pending') return;
    const plan = this.#rel.plans.record(project, current.plan);
    const phoneNumber = hasPhoneNumber(plan) ? newPhoneNumber(state, this.#ctx.random) : null;
    if (phoneNumber) state.phoneNumbers.set(phoneNumber, id);
    const next = this.#commit(state, current, { ...current, phoneNumber }, 'com.gigs.subscription.updated');
    this.#startActivation(state, next);
  }

  /** The porting expired: the subscription it was for ends (cause portingExpired, reference §9.1). */
  portingExpired(project: string, id: string): void {
    const state = this.#ctx.projects.get(project);
    const current = state?.subscriptions.get(id);
    if (state && current && current.status !== 'ended') this.#end(state, current, this.#ctx.clock.now(), 'portingExpired');
  }

  /** Another carrier took the number: the subscription ends (cause phoneNumberPortedOut). */
  portedOut(project: string, id: string): void {
    const state = this.#ctx.projects.get(project);
    const current = state?.subscriptions.get(id);
    if (state && current && current.status !== 'ended') {
      this.#end(state, { ...current, cancellationDetails: null }, this.#ctx.clock.now(), 'phoneNumberPortedOut');
    }
  }

  /** One shared object per distinct override (every subscription keeps its setting). */
  #setting(setting: ActivationSetting): Readonly<ActivationSetting> {
    const key = `${setting.mode}:${setting.delayMs}`;
    let shared = this.#settings.get(key);
    if (shared === undefined) {
      shared = Object.freeze(setting);
      if (this.#settings.size >= 64) this.#settings.clear();
      this.#settings.set(key, shared);
    }
    return shared;
  }

  record(project: string, id: string): SubscriptionRecord {
    const sub = this.#ctx.project(project).subscriptions.get(id);
    if (!sub) throw notFound('subscription');
    return sub;
  }

  get(project: string, id: string): Subscription {
    return this.#view.present(this.#ctx.project(project), this.record(project, id));
  }

  list(project: string, query: PageQuery, filter: SubscriptionFilter = {}): Page<Subscription> {
    const state = this.#ctx.project(project);
    const page = state.subscriptions.page(
      query,
      (s) =>
        (!filter.user || filter.user.includes(s.user)) &&
        (!filter.status || filter.status.includes(s.status)) &&
        (!filter.plan || filter.plan.includes(s.plan)) &&
        (!filter.sim || (s.sim !== null && filter.sim.includes(s.sim))) &&
        (!filter.phoneNumber || (s.phoneNumber !== null && filter.phoneNumber.includes(s.phoneNumber))),
    );
    return mapPage(page, (s) => this.#view.present(state, s));
  }

  search(project: string, phoneNumber: string): Subscription[] {
    const state = this.#ctx.project(project);
    const id = state.phoneNumbers.get(phoneNumber);
    const sub = id ? state.subscriptions.get(id) : undefined;
    return sub ? [this.#view.present(state, sub)] : [];
  }

  update(project: string, id: string, input: { metadata?: Record<string, string | null> | undefined }): Subscription {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    const next = { ...current, metadata: mergeMetadata(current.metadata, input.metadata) };
    return this.#view.present(state, this.#commit(state, current, next, 'com.gigs.subscription.updated'));
  }

  /** Scheduled activation: activates if the subscription is still pending, else nothing. */
  activateDue(project: string, id: string): void {
    const state = this.#ctx.projects.get(project);
    const current = state?.subscriptions.get(id);
    // Nobody reads the answer of a scheduled activation: no wire form is made for it.
    if (state && current?.status === 'pending') this.#activate(state, current);
  }

  /** pending -> active: provisions the eSIM (or activates the pSIM) and starts period 1. */
  activate(project: string, id: string): Subscription {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status !== 'pending') throw new DomainError('invalid', Messages.notPending);
    if (current.porting !== null && current.phoneNumber === null) throw new DomainError('invalid', Messages.portingInProgress);
    return this.#view.present(state, this.#activate(state, current));
  }

  #activate(state: ProjectState, current: SubscriptionRecord): SubscriptionRecord {
    const project = state.id;
    const id = current.id;
    const plan = this.#rel.plans.record(project, current.plan);
    const now = this.#ctx.clock.now();
    let simId = current.sim;
    if (simId === null) {
      const provisioned = this.#rel.sims.provisionESim(project, plan.provider, id);
      simId = provisioned.id;
      this.#ctx.emit(project, 'com.gigs.sim.activated', () => presentSim(provisioned));
    } else {
      this.#rel.sims.setStatus(project, simId, 'active', id);
    }
    const end = periodEnd(now, plan);
    const next: SubscriptionRecord = {
      ...current,
      status: 'active',
      sim: simId,
      activatedAt: toIso(now),
      currentPeriod: { number: 1, start: toIso(now), end: toIso(end) },
      earliestEndAt: toIso(earliestEnd(now, plan)),
    };
    this.#ctx.scheduler.schedule({ at: end, kind: JOB_PERIOD_END, project, target: id, data: periodData(1) });
    return this.#commit(state, current, next, 'com.gigs.subscription.activated');
  }

  /**
   * At the end of a period: a canceled or one-time subscription ends, a recurring one renews.
   * Stale jobs (the period moved on, or the subscription ended) do nothing.
   */
  periodEnded(project: string, id: string, period: number): void {
    const state = this.#ctx.projects.get(project);
    const current = state?.subscriptions.get(id);
    if (!state || !current || current.status !== 'active' || current.currentPeriod?.number !== period) return;
    const plan = this.#rel.plans.record(project, current.plan);
    const end = toMillis(current.currentPeriod.end);
    // A canceled subscription runs until endedAt (at least the end of its minimum commitment).
    const canceledEndsNow = current.canceledAt !== null && current.endedAt !== null && end >= toMillis(current.endedAt);
    if (canceledEndsNow || plan.validity.type === 'oneTime') {
      const cause =
        current.canceledAt !== null ? (current.cancellationDetails?.cause ?? 'cancellationRequested') : 'subscriptionEnded';
      this.#end(state, current, end, cause);
      return;
    }
    // A pending plan change takes effect now: the renewed period is on the new plan, and counts
    // from this renewal. Otherwise periods count from the activation, so a subscription that
    // started on Jan 31 renews on the last day of each month instead of drifting to the 28th.
    const changedTo = this.planForRenewal(project, id, end);
    // Periods count from an anchor: the activation, or the renewal that changed the plan.
    const anchor =
      changedTo === undefined
        ? (current.periodAnchor ?? { start: current.activatedAt ?? current.currentPeriod.start, number: 1 })
        : { start: toIso(end), number: period + 1 };
    const nextPlan = changedTo === undefined ? plan : this.#rel.plans.record(project, changedTo);
    const nextEnd = periodEndAfter(toMillis(anchor.start), nextPlan, period + 2 - anchor.number);
    const next: SubscriptionRecord = {
      ...current,
      plan: nextPlan.id,
      currentPeriod: { number: period + 1, start: toIso(end), end: toIso(nextEnd) },
      ...(changedTo === undefined ? {} : { periodAnchor: anchor }),
    };
    this.#ctx.scheduler.schedule({ at: nextEnd, kind: JOB_PERIOD_END, project, target: id, data: periodData(period + 1) });
    this.#commit(state, current, next, 'com.gigs.subscription.renewed');
  }

  /** The first network usage: sets `firstUsageAt` once. */
  firstUsage(project: string, id: string, at: number): void {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.firstUsageAt !== null) return;
    this.#commit(state, current, { ...current, firstUsageAt: toIso(at) }, 'com.gigs.subscription.updated');
  }

  /**
   * Moves a live subscription to another SIM now (a subscription change): `"auto"` provisions a new
   * eSIM, an id takes that inactive SIM; the old SIM is retired. Returns the new SIM's id.
   */
  swapSim(project: string, id: string, sim: string): string {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    const plan = this.#rel.plans.record(project, current.plan);
    let simId = sim;
    if (sim === 'auto') {
      const provisioned = this.#rel.sims.provisionESim(project, plan.provider, id);
      simId = provisioned.id;
      this.#ctx.emit(project, 'com.gigs.sim.activated', () => presentSim(provisioned));
    } else {
      this.#rel.sims.setStatus(project, sim, 'active', id);
    }
    if (current.sim) this.#rel.sims.setStatus(project, current.sim, 'retired', null);
    const type = this.#rel.sims.record(project, simId).type;
    this.#commit(state, current, { ...current, sim: simId, simType: type }, 'com.gigs.subscription.updated');
    return simId;
  }

  /**
   * Cancel at the end of the current period: stays active, `canceledAt` now, `endedAt` the period
   * end. A pending subscription has no period to run out, so canceling it ends it now.
   */
  cancel(project: string, id: string, input: CancelSubscriptionBody = {}): Subscription {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status === 'ended') throw new DomainError('invalid', Messages.subscriptionEnded);
    requireRecurring(this.#rel.plans.record(project, current.plan), Messages.oneTimeNotCancelable);
    if (current.canceledAt !== null) throw new DomainError('invalid', Messages.alreadyCanceled);
    const details = {
      cause: 'cancellationRequested' as const,
      userReason: input.userReason ?? null,
      userComment: input.userReason === 'other' ? (input.userComment ?? null) : null,
    };
    if (current.status === 'pending' || current.currentPeriod === null) {
      const ended = this.#end(
        state,
        { ...current, cancellationDetails: details },
        this.#ctx.clock.now(),
        'cancellationRequested',
      );
      return this.#view.present(state, ended);
    }
    // Not before the minimum commitment is over (plan.validity.minimumPeriods).
    const earliest = current.earliestEndAt ? toMillis(current.earliestEndAt) : 0;
    const endsAt = Math.max(toMillis(current.currentPeriod.end), earliest);
    const next: SubscriptionRecord = {
      ...current,
      canceledAt: this.#ctx.now(),
      endedAt: toIso(endsAt),
      cancellationDetails: details,
    };
    return this.#view.present(state, this.#commit(state, current, next, 'com.gigs.subscription.canceled'));
  }

  /** Undoes a pending cancel before the period ends. */
  resume(project: string, id: string): Subscription {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status === 'ended') throw new DomainError('invalid', Messages.subscriptionEnded);
    requireRecurring(this.#rel.plans.record(project, current.plan), Messages.oneTimeNotResumable);
    if (current.canceledAt === null) throw new DomainError('invalid', Messages.notCanceled);
    const next: SubscriptionRecord = { ...current, canceledAt: null, endedAt: null, cancellationDetails: null };
    return this.#view.present(state, this.#commit(state, current, next, 'com.gigs.subscription.resumed'));
  }

  /** Ends now; cannot be undone. */
  end(project: string, id: string): Subscription {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status === 'ended') throw new DomainError('invalid', Messages.subscriptionEnded);
    const cause = current.cancellationDetails?.cause ?? 'cancellationRequested';
    return this.#view.present(state, this.#end(state, current, this.#ctx.clock.now(), cause));
  }

  /** Ends every live subscription of a deleted user (cause `userDeleted`). */
  endForUser(project: string, user: string): void {
    const state = this.#ctx.project(project);
    for (const id of state.subscriptionsByUser.get(user)) {
      const sub = state.subscriptions.get(id);
      // A pending cancellation does not explain this end: the deletion does.
      if (sub && sub.status !== 'ended')
        this.#end(state, { ...sub, cancellationDetails: null }, this.#ctx.clock.now(), 'userDeleted');
    }
  }

  #end(
    state: ProjectState,
    current: SubscriptionRecord,
    at: number,
    cause: NonNullable<SubscriptionRecord['cancellationDetails']>['cause'],
  ): SubscriptionRecord {
    const next: SubscriptionRecord = {
      ...current,
      status: 'ended',
      // Running out (a one-time plan) is not a cancellation; everything else is.
      canceledAt: current.canceledAt ?? (cause === 'subscriptionEnded' ? null : toIso(at)),
      endedAt: toIso(at),
      // currentPeriod is only present while active (reference §9.4).
      currentPeriod: null,
      earliestEndAt: null,
      cancellationDetails: current.cancellationDetails ?? { cause, userReason: null, userComment: null },
    };
    if (current.sim) this.#rel.sims.setStatus(state.id, current.sim, 'inactive', null);
    const ended = this.#commit(state, current, next, 'com.gigs.subscription.ended');
    this.onEnded(state.id, current.id, at);
    // A porting still running for the subscription has nothing left to port into.
    if (current.porting !== null) this.#rel.portings.abandon(state.id, current.porting);
    return ended;
  }

  /** Stores the next version of a subscription and reports it; returns that version. */
  #commit(state: ProjectState, current: SubscriptionRecord, next: SubscriptionRecord, type: string): SubscriptionRecord {
    state.subscriptions.replace(next);
    // Only *.updated events carry previousData, a diff of the two wire forms made now; the others
    // make their wire form only if someone reads the event.
    if (!type.endsWith('.updated')) this.#ctx.emit(state.id, type, this.#view.later(state, next));
    else {
      const after = this.#view.present(state, next);
      const previous = changedFields(this.#view.present(state, current), after);
      if (previous) this.#ctx.emit(state.id, type, after, previous);
    }
    return next;
  }
}
