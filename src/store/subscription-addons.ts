import { addMonths, toIso, toMillis } from '../engine/clock.js';
import type { AddonDefinition } from '../schemas/addon.js';
import type { CreateSubscriptionAddonBody, SubscriptionAddon } from '../schemas/subscription-addon.js';
import type { AddonStore } from './addons.js';
import type { Page, PageQuery } from './collection.js';
import type { StoreContext } from './context.js';
import { changedFields } from './diff.js';
import { brokenRules, DomainError, Messages, notFound, type PropertyDetail } from './errors.js';
import type { ProjectState, SubscriptionAddonRecord } from './types.js';

export const JOB_ADDON_PERIOD_END = 'subscriptionAddon.periodEnd';

export interface SubscriptionAddonFilter {
  addon?: string[] | undefined;
  subscription?: string[] | undefined;
  status?: string[] | undefined;
}

/** The end of an add-on period that starts at `start` (no validity: it runs with the subscription). */
function periodEnd(start: number, validity: AddonDefinition['validity']): number | undefined {
  if (!validity) return undefined;
  return validity.unit === 'month' ? addMonths(start, validity.value) : start + validity.value * 86_400_000;
}

/**
 * Add-ons bought for a subscription: created for an active subscription with an available add-on
 * of its plan and provider, active at once for `activationTrigger: "creation"` (the catalogue's),
 * then over their validity on the clock: a recurring one renews while the subscription lives, a
 * one-time one ends. Canceling ends it at the end of its period. When the subscription ends, so do
 * its add-ons.
 */
export class SubscriptionAddonStore {
  readonly #ctx: StoreContext;
  readonly #addons: AddonStore;

  constructor(ctx: StoreContext, addons: AddonStore) {
    this.#ctx = ctx;
    this.#addons = addons;
  }

  record(project: string, id: string): SubscriptionAddonRecord {
    const record = this.#ctx.project(project).subscriptionAddons.get(id);
    if (!record) throw notFound('subscription add-on');
    return record;
  }

  get(project: string, id: string): SubscriptionAddon {
    return this.#present(this.record(project, id));
  }

  list(project: string, query: PageQuery, filter: SubscriptionAddonFilter = {}): Page<SubscriptionAddon> {
    const page = this.#ctx
      .project(project)
      .subscriptionAddons.page(
        query,
        (r) =>
          (!filter.addon || filter.addon.includes(r.addon)) &&
          (!filter.subscription || filter.subscription.includes(r.subscription)) &&
          (!filter.status || filter.status.includes(r.status)),
      );
    return { ...page, items: page.items.map((r) => this.#present(r)) };
  }

  create(project: string, input: CreateSubscriptionAddonBody): SubscriptionAddon {
    const state = this.#ctx.project(project);
    const details: PropertyDetail[] = [];
    const bad = (property: string, message: string) => details.push({ property, message, code: 'propertyInvalid' });
    const sub = state.subscriptions.get(input.subscription);
    if (!sub) bad('subscription', Messages.notFound('subscription'));
    else if (sub.status !== 'active') bad('subscription', Messages.addonNeedsActiveSubscription);
    let addon: AddonDefinition | undefined;
    try {
      addon = this.#addons.get(input.addon);
    } catch {
      bad('addon', Messages.notFound('add-on'));
    }
    if (addon && addon.status !== 'available') bad('addon', Messages.addonNotAvailable);
    if (addon && sub) {
      const plan = state.plans.get(sub.plan);
      if (plan && addon.provider !== plan.provider) bad('addon', Messages.addonProviderMismatch);
      else if (addon.plans.length > 0 && !addon.plans.includes(sub.plan)) bad('addon', Messages.addonNotForPlan);
    }
    const broken = brokenRules(details);
    if (broken || !sub || !addon) throw broken ?? new DomainError('invalid', Messages.validation);
    const record: SubscriptionAddonRecord = {
      object: 'subscriptionAddon',
      id: this.#ctx.random.id('sad'),
      activatedAt: null,
      addon: addon.id,
      canceledAt: null,
      createdAt: this.#ctx.now(),
      currentPeriod: null,
      endedAt: null,
      status: 'pending',
      subscription: sub.id,
      user: sub.user,
    };
    state.subscriptionAddons.add(record);
    state.addonsBySubscription.add(sub.id, record.id);
    this.#ctx.emit(project, 'com.gigs.subscriptionAddon.created', () => this.#present(record));
    // Other triggers wait for the network (a data session ending, first usage), which the simulator
    // does not have yet: they stay pending.
    if (addon.activationTrigger === 'creation') return this.#present(this.#activate(state, record, addon));
    return this.#present(record);
  }

  /** Cancels: ends at the end of the current period (at once while pending). */
  cancel(project: string, id: string): SubscriptionAddon {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status === 'ended') throw new DomainError('invalid', Messages.addonEnded);
    if (current.canceledAt !== null) throw new DomainError('invalid', Messages.addonAlreadyCanceled);
    if (current.currentPeriod === null) return this.#present(this.#end(state, current, this.#ctx.clock.now(), true));
    // endedAt stays null until it has ended (reference §12.4); it ends at the period's end.
    const next: SubscriptionAddonRecord = { ...current, canceledAt: this.#ctx.now() };
    return this.#present(this.#commit(state, next, 'com.gigs.subscriptionAddon.updated', current));
  }

  /** The scheduler's call at the end of a period: renew a live recurring add-on, else end it. */
  periodEnded(project: string, id: string, period: number): void {
    const state = this.#ctx.project(project);
    const current = state.subscriptionAddons.get(id);
    // A job for a period already left behind (ended, or renewed by an earlier job) does nothing.
    if (current?.status !== 'active' || current.currentPeriod?.number !== period) return;
    const addon = this.#addons.get(current.addon);
    const end = toMillis(current.currentPeriod.end);
    const sub = state.subscriptions.get(current.subscription);
    const renews = addon.recurrenceType === 'recurring' && current.canceledAt === null && sub?.status === 'active';
    const nextEnd = renews ? periodEnd(end, addon.validity) : undefined;
    if (nextEnd === undefined) {
      this.#end(state, current, end, false);
      return;
    }
    const next: SubscriptionAddonRecord = {
      ...current,
      currentPeriod: { number: period + 1, start: toIso(end), end: toIso(nextEnd) },
    };
    this.#commit(state, next, 'com.gigs.subscriptionAddon.renewed');
    this.#schedule(project, id, nextEnd, period + 1);
  }

  /** The allowances the active add-ons of a subscription add to it, with their ids. */
  allowances(project: string, subscription: string) {
    const state = this.#ctx.project(project);
    const total = { ids: [] as string[], dataBytes: 0, voiceSeconds: 0, smsMessages: 0 };
    for (const id of state.addonsBySubscription.get(subscription)) {
      const record = state.subscriptionAddons.get(id);
      if (record?.status !== 'active') continue;
      const { allowances } = this.#addons.get(record.addon);
      total.ids.push(id);
      total.dataBytes += allowances.dataBytes ?? 0;
      total.voiceSeconds += allowances.voiceSeconds ?? 0;
      total.smsMessages += allowances.smsMessages ?? 0;
    }
    return total;
  }

  /** Ends every live add-on of a subscription that ended. */
  endForSubscription(project: string, subscription: string, at: number): void {
    const state = this.#ctx.project(project);
    for (const id of state.addonsBySubscription.get(subscription)) {
      const current = state.subscriptionAddons.get(id);
      if (current && current.status !== 'ended') this.#end(state, current, at, false);
    }
  }

  #activate(state: ProjectState, current: SubscriptionAddonRecord, addon: AddonDefinition): SubscriptionAddonRecord {
    const now = this.#ctx.clock.now();
    const end = periodEnd(now, addon.validity);
    const next: SubscriptionAddonRecord = {
      ...current,
      status: 'active',
      activatedAt: toIso(now),
      currentPeriod: end === undefined ? null : { number: 1, start: toIso(now), end: toIso(end) },
    };
    const activated = this.#commit(state, next, 'com.gigs.subscriptionAddon.activated');
    if (end !== undefined) this.#schedule(state.id, current.id, end, 1);
    return activated;
  }

  #end(state: ProjectState, current: SubscriptionAddonRecord, at: number, canceled: boolean): SubscriptionAddonRecord {
    const next: SubscriptionAddonRecord = {
      ...current,
      status: 'ended',
      canceledAt: current.canceledAt ?? (canceled ? toIso(at) : null),
      endedAt: toIso(at),
      currentPeriod: null,
    };
    return this.#commit(state, next, 'com.gigs.subscriptionAddon.ended');
  }

  #schedule(project: string, id: string, at: number, period: number): void {
    this.#ctx.scheduler.schedule({ at, kind: JOB_ADDON_PERIOD_END, project, target: id, data: { period } });
  }

  #commit(
    state: ProjectState,
    next: SubscriptionAddonRecord,
    type: string,
    previous?: SubscriptionAddonRecord,
  ): SubscriptionAddonRecord {
    state.subscriptionAddons.replace(next);
    if (previous) {
      const after = this.#present(next);
      const changed = changedFields(this.#present(previous), after);
      if (changed) this.#ctx.emit(state.id, type, after, changed);
    } else {
      this.#ctx.emit(state.id, type, () => this.#present(next));
    }
    return next;
  }

  #present(record: SubscriptionAddonRecord): SubscriptionAddon {
    return {
      object: record.object,
      id: record.id,
      activatedAt: record.activatedAt,
      addon: this.#addons.get(record.addon),
      canceledAt: record.canceledAt,
      createdAt: record.createdAt,
      currentPeriod: record.currentPeriod,
      endedAt: record.endedAt,
      status: record.status,
      subscription: record.subscription,
      user: record.user,
    };
  }
}
