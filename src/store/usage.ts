import { toIso, toMillis } from '../engine/clock.js';
import type { SimulateUsageBody, UsageRecord } from '../schemas/usage.js';
import type { StoreContext } from './context.js';
import { DomainError, Messages } from './errors.js';
import type { ProjectState, SubscriptionRecord, UsageEntry } from './types.js';

const DAY = 86_400_000;
/** The thresholds Gigs reports (`com.gigs.usageThreshold.exceeded`: 70%, 90% and 100%). */
export const USAGE_THRESHOLDS = [70, 90, 100] as const;
const KINDS = [
  { type: 'data', unit: 'byte', field: 'data', allowance: 'dataBytes' },
  { type: 'voice', unit: 'second', field: 'voice', allowance: 'voiceSeconds' },
  { type: 'sms', unit: 'message', field: 'sms', allowance: 'smsMessages' },
] as const;

export interface UsageQuery {
  period?: number | undefined;
  start?: string | undefined;
  end?: string | undefined;
  aggregation?: 'day' | 'period' | undefined;
}

export interface UsageHooks {
  /** Activates a pending subscription whose plan activates on first usage. */
  activate(project: string, subscription: string): void;
  /** Sets `firstUsageAt` once. */
  firstUsage(project: string, subscription: string, at: number): void;
}

/**
 * Usage of subscriptions, kept per subscription as daily totals per country (the default
 * aggregation of the usage endpoint). It comes from Gigs' testing endpoint or the control plane;
 * the first usage sets `firstUsageAt` and activates a subscription whose plan activates on usage.
 * Each crossing of 70/90/100% of a period's allowance (plan plus active add-ons) is reported once
 * per period and kind.
 */
export class UsageStore {
  readonly #ctx: StoreContext;
  hooks: UsageHooks = { activate: () => {}, firstUsage: () => {} };
  /** Allowances add-ons add to a subscription's current period, with their ids. */
  addonAllowances: (
    project: string,
    subscription: string,
  ) => { ids: string[]; dataBytes: number; voiceSeconds: number; smsMessages: number } = () => ({
    ids: [],
    dataBytes: 0,
    voiceSeconds: 0,
    smsMessages: 0,
  });

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Records usage now (or at `at`, control plane); answers the day's total for its country. */
  add(project: string, id: string, input: SimulateUsageBody & { at?: number | undefined }): UsageRecord {
    const state = this.#ctx.project(project);
    let sub = state.subscriptions.get(id);
    if (!sub) throw new DomainError('notFound', Messages.notFound('subscription'));
    const plan = state.plans.get(sub.plan);
    if (sub.status === 'pending' && plan?.activationTrigger === 'usageStarted') {
      this.hooks.activate(project, id);
      sub = state.subscriptions.get(id) as SubscriptionRecord;
    }
    if (sub.status !== 'active' || sub.activatedAt === null) throw new DomainError('invalid', Messages.usageNeedsActive);
    const now = this.#ctx.clock.now();
    const at = input.at ?? now;
    if (at > now || at < toMillis(sub.activatedAt)) throw new DomainError('invalid', Messages.usageAtOutOfRange);
    const country = input.country ?? 'US';
    const day = Math.floor(at / DAY) * DAY;
    const entries = state.usage.get(id) ?? [];
    let entry = entries.find((e) => e.day === day && e.country === country);
    if (!entry) {
      entry = { day, country, data: 0, voice: 0, sms: 0 };
      entries.push(entry);
      entries.sort((a, b) => a.day - b.day || a.country.localeCompare(b.country));
      state.usage.set(id, entries);
    }
    entry.data += input.data ?? 0;
    entry.voice += input.voice ?? 0;
    entry.sms += input.sms ?? 0;
    if (sub.firstUsageAt === null) this.hooks.firstUsage(project, id, at);
    this.#thresholds(state, state.subscriptions.get(id) as SubscriptionRecord, at);
    return record(id, entry.day, entry.day + DAY, entry.country, entry);
  }

  /**
   * Records in ascending order, daily by default, for the latest period unless `period` or a
   * `start`/`end` range is asked for (docs, "List subscription usage records").
   */
  list(project: string, id: string, query: UsageQuery): UsageRecord[] {
    const state = this.#ctx.project(project);
    const sub = state.subscriptions.get(id);
    if (!sub) throw new DomainError('notFound', Messages.notFound('subscription'));
    const [from, to] = this.#range(sub, query);
    const entries = (state.usage.get(id) ?? []).filter((e) => e.day >= Math.floor(from / DAY) * DAY && e.day < to);
    if (query.aggregation !== 'period') return entries.map((e) => record(id, e.day, e.day + DAY, e.country, e));
    const byCountry = new Map<string, { data: number; voice: number; sms: number }>();
    for (const e of entries) {
      const total = byCountry.get(e.country) ?? { data: 0, voice: 0, sms: 0 };
      total.data += e.data;
      total.voice += e.voice;
      total.sms += e.sms;
      byCountry.set(e.country, total);
    }
    return [...byCountry].map(([country, total]) => record(id, from, to, country, total));
  }

  /** The range a query asks for; without one, the current (or last) period. */
  #range(sub: SubscriptionRecord, query: UsageQuery): [number, number] {
    if (query.start !== undefined || query.end !== undefined) {
      const from = query.start === undefined ? 0 : Date.parse(query.start);
      const to = query.end === undefined ? this.#ctx.clock.now() + DAY : Date.parse(query.end);
      if (to < from) throw new DomainError('invalid', Messages.usageRangeBackwards);
      return [from, to];
    }
    const current = sub.currentPeriod;
    if (query.period !== undefined) {
      // Only the current period's bounds are kept; earlier ones are read from the usage days.
      if (current && query.period === current.number) return [toMillis(current.start), toMillis(current.end)];
      if (!current || query.period > current.number) throw new DomainError('invalid', Messages.usagePeriodUnknown);
      return [sub.activatedAt ? toMillis(sub.activatedAt) : 0, toMillis(current.start)];
    }
    if (current) return [toMillis(current.start), toMillis(current.end)];
    return [sub.activatedAt ? toMillis(sub.activatedAt) : 0, sub.endedAt ? toMillis(sub.endedAt) : this.#ctx.clock.now()];
  }

  #thresholds(state: ProjectState, sub: SubscriptionRecord, at: number): void {
    const period = sub.currentPeriod;
    const plan = state.plans.get(sub.plan);
    if (!period || !plan) return;
    const from = toMillis(period.start);
    const used = { data: 0, voice: 0, sms: 0 };
    for (const e of state.usage.get(sub.id) ?? []) {
      if (e.day < Math.floor(from / DAY) * DAY) continue;
      used.data += e.data;
      used.voice += e.voice;
      used.sms += e.sms;
    }
    const addons = this.addonAllowances(state.id, sub.id);
    const key = `${sub.id}:${period.number}`;
    const reported = state.usageThresholds.get(key) ?? new Set<string>();
    for (const kind of KINDS) {
      const base = plan.allowances[kind.allowance];
      if (base === null) continue; // unlimited
      const allowance = base + addons[kind.allowance];
      if (allowance <= 0) continue;
      for (const threshold of USAGE_THRESHOLDS) {
        const name = `${kind.type}:${threshold}`;
        if (reported.has(name) || used[kind.field] * 100 < allowance * threshold) continue;
        reported.add(name);
        this.#ctx.emit(state.id, 'com.gigs.usageThreshold.exceeded', {
          object: 'usageThresholdExceeded',
          allowance,
          plan: plan.id,
          project: state.id,
          subscription: sub.id,
          subscriptionAddons: addons.ids.length > 0 ? addons.ids : null,
          thresholdPercentage: threshold,
          type: kind.type,
          unit: kind.unit,
          usage: used[kind.field],
          usageAt: toIso(at),
        });
      }
    }
    state.usageThresholds.set(key, reported);
  }
}

function record(
  subscription: string,
  start: number,
  end: number,
  country: string,
  totals: Pick<UsageEntry, 'data' | 'voice' | 'sms'>,
): UsageRecord {
  return {
    object: 'usageRecord',
    data: totals.data,
    end: toIso(end),
    labels: { country, subscription },
    sms: totals.sms,
    start: toIso(start),
    voice: totals.voice,
  };
}
