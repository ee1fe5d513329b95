import { addMonths, toIso, toMillis } from '../engine/clock.js';
import type { CancelSubscriptionBody, CreateSubscriptionBody, Subscription } from '../schemas/subscription.js';
import type { AddressStore } from './addresses.js';
import { mapPage, type Page, type PageQuery } from './collection.js';
import { indexSubscription, type StoreContext } from './context.js';
import { changedFields } from './diff.js';
import { DomainError, Messages, notFound, type PropertyDetail } from './errors.js';
import { mergeMetadata } from './metadata.js';
import type { PlanStore } from './plans.js';
import { presentSim, type SimStore } from './sims.js';
import type { ActivationSetting, PlanRecord, ProjectState, SubscriptionRecord } from './types.js';
import { presentUser, type UserStore } from './users.js';

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
}

/** The lifecycle rules of reference §9.4: pending -> active -> (renewed)* -> ended. */
export class SubscriptionStore {
  readonly #ctx: StoreContext;
  readonly #rel: Related;

  constructor(ctx: StoreContext, related: Related) {
    this.#ctx = ctx;
    this.#rel = related;
  }

  create(project: string, input: CreateSubscriptionBody, activation?: Partial<ActivationSetting>): Subscription {
    const state = this.#ctx.project(project);
    const { plan, simId, userAddress } = this.#checkCreate(state, input);
    const metadata = mergeMetadata({}, input.metadata);
    const phoneNumber = this.#newPhoneNumber(state);
    const setting: ActivationSetting = { ...state.settings.activation, ...activation };
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
      lastPorting: null,
      phoneNumber,
      plan: plan.id,
      porting: null,
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
    state.phoneNumbers.set(phoneNumber, sub.id);
    indexSubscription(state, sub.user, sub.id);
    if (simId) this.#rel.sims.setStatus(project, simId, 'inactive', sub.id);
    this.#ctx.emit(project, 'com.gigs.subscription.created', this.#present(state, sub));
    if (setting.mode === 'immediate') this.activate(project, sub.id);
    else if (setting.mode === 'delay') {
      this.#ctx.scheduler.schedule({ at: this.#ctx.clock.now() + setting.delayMs, kind: JOB_ACTIVATE, project, target: sub.id });
    }
    return this.get(project, sub.id);
  }

  record(project: string, id: string): SubscriptionRecord {
    const sub = this.#ctx.project(project).subscriptions.get(id);
    if (!sub) throw notFound('subscription');
    return sub;
  }

  get(project: string, id: string): Subscription {
    return this.#present(this.#ctx.project(project), this.record(project, id));
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
    return mapPage(page, (s) => this.#present(state, s));
  }

  search(project: string, phoneNumber: string): Subscription[] {
    const state = this.#ctx.project(project);
    const id = state.phoneNumbers.get(phoneNumber);
    const sub = id ? state.subscriptions.get(id) : undefined;
    return sub ? [this.#present(state, sub)] : [];
  }

  update(project: string, id: string, input: { metadata?: Record<string, string | null> | undefined }): Subscription {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    const next = { ...current, metadata: mergeMetadata(current.metadata, input.metadata) };
    return this.#commit(state, current, next, 'com.gigs.subscription.updated');
  }

  /** pending -> active: provisions the eSIM (or activates the pSIM) and starts period 1. */
  activate(project: string, id: string): Subscription {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status !== 'pending') throw new DomainError('invalid', Messages.notPending);
    const plan = this.#rel.plans.record(project, current.plan);
    const now = this.#ctx.clock.now();
    let simId = current.sim;
    if (simId === null) {
      simId = this.#rel.sims.provisionESim(project, plan.provider, id).id;
      this.#ctx.emit(project, 'com.gigs.sim.activated', this.#rel.sims.get(project, simId));
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
      earliestEndAt: toIso(plan.validity.minimumPeriods > 1 ? periodEndAfter(now, plan, plan.validity.minimumPeriods) : now),
    };
    this.#ctx.scheduler.schedule({ at: end, kind: JOB_PERIOD_END, project, target: id, data: { period: 1 } });
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
    if (current.canceledAt !== null || plan.validity.type === 'oneTime') {
      const cause =
        current.canceledAt !== null ? (current.cancellationDetails?.cause ?? 'cancellationRequested') : 'subscriptionEnded';
      this.#end(state, current, end, cause);
      return;
    }
    // Periods count from the activation, so a subscription that started on Jan 31 renews on the
    // last day of each month instead of drifting to the 28th after February.
    const nextEnd = periodEndAfter(toMillis(current.activatedAt ?? current.currentPeriod.start), plan, period + 1);
    const next: SubscriptionRecord = {
      ...current,
      currentPeriod: { number: period + 1, start: toIso(end), end: toIso(nextEnd) },
    };
    this.#ctx.scheduler.schedule({ at: nextEnd, kind: JOB_PERIOD_END, project, target: id, data: { period: period + 1 } });
    this.#commit(state, current, next, 'com.gigs.subscription.renewed');
  }

  /**
   * Cancel at the end of the current period: stays active, `canceledAt` now, `endedAt` the period
   * end. A pending subscription has no period to run out, so canceling it ends it now.
   */
  cancel(project: string, id: string, input: CancelSubscriptionBody = {}): Subscription {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status === 'ended') throw new DomainError('invalid', Messages.subscriptionEnded);
    if (current.canceledAt !== null) throw new DomainError('invalid', Messages.alreadyCanceled);
    const details = {
      cause: 'cancellationRequested' as const,
      userReason: input.userReason ?? null,
      userComment: input.userReason === 'other' ? (input.userComment ?? null) : null,
    };
    if (current.status === 'pending' || current.currentPeriod === null) {
      return this.#end(state, { ...current, cancellationDetails: details }, this.#ctx.clock.now(), 'cancellationRequested');
    }
    const next: SubscriptionRecord = {
      ...current,
      canceledAt: this.#ctx.now(),
      endedAt: current.currentPeriod.end,
      cancellationDetails: details,
    };
    return this.#commit(state, current, next, 'com.gigs.subscription.canceled');
  }

  /** Undoes a pending cancel before the period ends. */
  resume(project: string, id: string): Subscription {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status === 'ended') throw new DomainError('invalid', Messages.subscriptionEnded);
    if (current.canceledAt === null) throw new DomainError('invalid', Messages.notCanceled);
    const next: SubscriptionRecord = { ...current, canceledAt: null, endedAt: null, cancellationDetails: null };
    return this.#commit(state, current, next, 'com.gigs.subscription.resumed');
  }

  /** Ends now; cannot be undone. */
  end(project: string, id: string): Subscription {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status === 'ended') throw new DomainError('invalid', Messages.subscriptionEnded);
    return this.#end(state, current, this.#ctx.clock.now(), current.cancellationDetails?.cause ?? 'cancellationRequested');
  }

  /** Ends every live subscription of a deleted user (cause `userDeleted`). */
  endForUser(project: string, user: string): void {
    const state = this.#ctx.project(project);
    for (const id of state.subscriptionsByUser.get(user) ?? []) {
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
  ): Subscription {
    const next: SubscriptionRecord = {
      ...current,
      status: 'ended',
      canceledAt: current.canceledAt ?? toIso(at),
      endedAt: toIso(at),
      earliestEndAt: null,
      cancellationDetails: current.cancellationDetails ?? { cause, userReason: null, userComment: null },
    };
    if (current.sim) this.#rel.sims.setStatus(state.id, current.sim, 'inactive', null);
    return this.#commit(state, current, next, 'com.gigs.subscription.ended');
  }

  #commit(state: ProjectState, current: SubscriptionRecord, next: SubscriptionRecord, type: string): Subscription {
    const before = this.#present(state, current);
    state.subscriptions.replace(next);
    const after = this.#present(state, next);
    const previous = changedFields(before, after);
    if (type.endsWith('.updated')) {
      if (previous) this.#ctx.emit(state.id, type, after, previous);
    } else {
      this.#ctx.emit(state.id, type, after);
    }
    return after;
  }

  #present(state: ProjectState, sub: SubscriptionRecord): Subscription {
    const plan = state.plans.get(sub.plan);
    const user = state.users.get(sub.user);
    const sim = sub.sim ? state.sims.get(sub.sim) : undefined;
    if (!plan || !user) throw new DomainError('internal', `subscription ${sub.id} refers to a missing plan or user`);
    const { simType: _simType, activation: _activation, ...wire } = sub;
    return {
      ...wire,
      metadata: { ...sub.metadata },
      plan: structuredClone(plan),
      user: presentUser(user),
      // A pending eSIM subscription shows no SIM until it is provisioned (getting-started guide).
      sim: sim ? presentSim(sim) : null,
    };
  }

  /** Checks every rule of a create request; reports all bad properties at once. */
  #checkCreate(
    state: ProjectState,
    input: CreateSubscriptionBody,
  ): { plan: PlanRecord; simId: string | null; userAddress: string | null } {
    const details: PropertyDetail[] = [];
    const bad = (property: string, message: string) => details.push({ property, message, code: 'propertyInvalid' });
    let code: string | undefined;
    if (input.porting != null) bad('porting', Messages.unsupportedProperty('porting'));
    if (input.device != null) bad('device', Messages.unsupportedProperty('device'));

    const user = state.users.get(input.user);
    if (!user) bad('user', Messages.notFound('user'));
    else if (user.status === 'deleted') bad('user', Messages.userDeleted);

    const plan = state.plans.get(input.plan);
    if (!plan) bad('plan', Messages.notFound('plan'));
    else if (plan.status !== 'available') bad('plan', Messages.planNotAvailable);

    let simId: string | null = null;
    if (input.sim === 'auto') {
      if (plan && !plan.simTypes.includes('eSIM')) bad('sim', Messages.simTypeNotSupported);
    } else {
      const sim = state.sims.get(input.sim);
      if (!sim) bad('sim', Messages.notFound('SIM'));
      else if (sim.subscription !== null) {
        bad('sim', Messages.simAlreadyUsed);
        code = 'simAlreadyUsed';
      } else if (sim.type !== 'pSIM' || sim.status === 'retired') bad('sim', Messages.simNotUsable);
      else if (plan && !plan.simTypes.includes('pSIM')) bad('sim', Messages.simTypeNotSupported);
      else if (plan && sim.provider !== plan.provider)
        bad('sim', `The SIM belongs to provider ${sim.provider}, the plan to ${plan.provider}.`);
      else simId = sim.id;
    }

    const addressId = input.userAddress ?? null;
    if (addressId !== null) {
      const address = state.addresses.get(addressId);
      if (!address) bad('userAddress', Messages.notFound('user address'));
      // Ownership means nothing for a user that does not exist (already reported above).
      else if (user && address.user !== input.user) bad('userAddress', Messages.addressNotOwned);
    } else if (plan && plan.requirements.address !== 'none') {
      details.push({ property: 'userAddress', message: Messages.addressRequired, code: 'propertyRequired' });
    }
    if (plan && user) {
      if (plan.requirements['user.fullName'] !== 'none' && !user.fullName) bad('user', Messages.userFieldRequired('fullName'));
      if (plan.requirements['user.birthday'] !== 'none' && !user.birthday) bad('user', Messages.userFieldRequired('birthday'));
      if (plan.requirements.device !== 'none') bad('device', Messages.unsupportedProperty('device'));
    }
    if (details.length > 0 || !plan) {
      const first = details[0]?.message ?? Messages.validation;
      throw new DomainError(code ? 'conflict' : 'invalid', details.length === 1 ? first : Messages.validation, { code, details });
    }
    return { plan, simId, userAddress: addressId };
  }

  #newPhoneNumber(state: ProjectState): string {
    const random = this.#ctx.random;
    for (let attempt = 0; attempt < 1000; attempt++) {
      // NANP: area code and exchange start 2-9; 555-01xx style numbers are avoided by chance only.
      const number = `+1${random.int(2, 9)}${random.digits(2)}${random.int(2, 9)}${random.digits(6)}`;
      if (!state.phoneNumbers.has(number)) return number;
    }
    throw new DomainError('unavailable', Messages.phoneNumbersExhausted);
  }
}

function periodEnd(start: number, plan: PlanRecord): number {
  return periodEndAfter(start, plan, 1);
}

function periodEndAfter(start: number, plan: PlanRecord, periods: number): number {
  const { value, unit } = plan.validity;
  return unit === 'month' ? addMonths(start, value * periods) : start + value * periods * 86_400_000;
}
