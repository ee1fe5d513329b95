import { toIso, toMillis } from '../engine/clock.js';
import type { UsageRecord } from '../schemas/usage.js';
import type { StoreContext } from './context.js';
import { DomainError, invalidProperty, Messages } from './errors.js';
import type { ProjectState, SubscriptionRecord, SubscriptionUsage, UsageEntry } from './types.js';

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

export interface UsageInput {
  data?: number | undefined;
  voice?: number | undefined;
  sms?: number | undefined;
  country?: string | undefined;
  /** When (ms), within the current period; default now (control plane and in-process only). */
  at?: number | undefined;
}

const MAX_AMOUNT = 1e15;
const COUNTRY = /^[A-Z]{2}$/;

/** An empty usage of one subscription. */
export const emptyUsage = (): SubscriptionUsage => ({ entries: new Map(), totals: new Map() });

/** Adds an entry to a subscription's usage (restore, and each new bucket). */
export function addEntry(usage: SubscriptionUsage, entry: UsageEntry): void {
  usage.entries.set(`${entry.period}:${entry.day}:${entry.country}`, entry);
  const total = usage.totals.get(entry.period) ?? { data: 0, voice: 0, sms: 0 };
  total.data += entry.data;
  total.voice += entry.voice;
  total.sms += entry.sms;
  usage.totals.set(entry.period, total);
}

/**
 * Usage of subscriptions, kept per subscription as totals per period, UTC day and country (the
 * daily aggregation of the usage endpoint; a day a renewal falls in is split at the renewal), with a
 * running total per period for the thresholds. It comes from Gigs' testing endpoint, the control
 * plane or `sim.addUsage`; the first usage sets `firstUsageAt` and activates a subscription whose
 * plan activates on usage. Each crossing of 70/90/100% of a period's allowance (plan plus active
 * add-ons) is reported once per period and kind.
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

  /** Records usage now (or at `at`); answers the day's total for its country. Checks all before changing anything. */
  add(project: string, id: string, input: UsageInput): UsageRecord {
    const state = this.#ctx.project(project);
    for (const field of ['data', 'voice', 'sms'] as const) {
      const amount = input[field];
      if (amount !== undefined && !(Number.isSafeInteger(amount) && amount >= 0 && amount <= MAX_AMOUNT)) {
        throw invalidProperty(field, Messages.usageAmount(field));
      }
    }
    if (input.country !== undefined && !COUNTRY.test(input.country)) throw invalidProperty('country', Messages.usageCountry);
    if (input.at !== undefined && !Number.isFinite(input.at)) throw invalidProperty('at', Messages.usageAtOutOfRange);
    const initial = state.subscriptions.get(id);
    if (!initial) throw new DomainError('notFound', Messages.notFound('subscription'));
    const now = this.#ctx.clock.now();
    const at = input.at ?? now;
    const activates = initial.status === 'pending' && state.plans.get(initial.plan)?.activationTrigger === 'usageStarted';
    if (activates) {
      // It activates now, so its first usage is now.
      if (at !== now) throw invalidProperty('at', Messages.usageAtOutOfRange);
    } else {
      if (initial.status !== 'active' || initial.currentPeriod === null)
        throw new DomainError('invalid', Messages.usageNeedsActive);
      if (at > now || at < toMillis(initial.currentPeriod.start)) throw invalidProperty('at', Messages.usageAtOutOfRange);
    }
    const usage = state.usage.get(id) ?? emptyUsage();
    const country = input.country ?? 'US';
    const periodNumber = initial.currentPeriod?.number ?? 1;
    const day = Math.floor(at / DAY) * DAY;
    const key = `${periodNumber}:${day}:${country}`;
    const existing = usage.entries.get(key);
    const totals = usage.totals.get(periodNumber);
    for (const field of ['data', 'voice', 'sms'] as const) {
      const sum = (existing?.[field] ?? 0) + (input[field] ?? 0);
      if (!Number.isSafeInteger(sum) || !Number.isSafeInteger((totals?.[field] ?? 0) + (input[field] ?? 0))) {
        throw invalidProperty(field, Messages.usageAmount(field));
      }
    }
    // Every check has passed: from here on the state changes.
    if (activates) this.hooks.activate(project, id);
    const sub = state.subscriptions.get(id) as SubscriptionRecord;
    const period = sub.currentPeriod as NonNullable<SubscriptionRecord['currentPeriod']>;
    let entry = existing;
    if (!entry) {
      entry = {
        period: period.number,
        day,
        start: Math.max(day, toMillis(period.start)),
        end: Math.min(day + DAY, toMillis(period.end)),
        country,
        data: 0,
        voice: 0,
        sms: 0,
      };
      addEntry(usage, entry);
      state.usage.set(id, usage);
    }
    const total = usage.totals.get(period.number) as { data: number; voice: number; sms: number };
    for (const field of ['data', 'voice', 'sms'] as const) {
      entry[field] += input[field] ?? 0;
      total[field] += input[field] ?? 0;
    }
    if (sub.firstUsageAt === null) this.hooks.firstUsage(project, id, at);
    this.#thresholds(state, state.subscriptions.get(id) as SubscriptionRecord, total, at);
    return record(id, entry.start, entry.end, entry.country, entry);
  }

  /**
   * Records in ascending order, daily by default, for the latest period unless `period` or a
   * `start`/`end` range is asked for (docs, "List subscription usage records").
   */
  list(project: string, id: string, query: UsageQuery): UsageRecord[] {
    const state = this.#ctx.project(project);
    const sub = state.subscriptions.get(id);
    if (!sub) throw new DomainError('notFound', Messages.notFound('subscription'));
    const usage = state.usage.get(id);
    const all = usage ? [...usage.entries.values()] : [];
    let chosen: UsageEntry[];
    if (query.start !== undefined || query.end !== undefined) {
      const from = query.start === undefined ? Number.NEGATIVE_INFINITY : Date.parse(query.start);
      const to = query.end === undefined ? Number.POSITIVE_INFINITY : Date.parse(query.end);
      if (to < from) throw new DomainError('invalid', Messages.usageRangeBackwards);
      chosen = all.filter((e) => e.start >= from && e.start < to);
    } else {
      const latest = sub.currentPeriod?.number ?? Math.max(0, ...all.map((e) => e.period));
      const period = query.period ?? latest;
      chosen = all.filter((e) => e.period === period);
    }
    chosen.sort((a, b) => a.start - b.start || a.country.localeCompare(b.country));
    if (query.aggregation !== 'period') return chosen.map((e) => record(id, e.start, e.end, e.country, e));
    // One record per period and country, over the period's days that had usage.
    const groups = new Map<string, { start: number; end: number; country: string; data: number; voice: number; sms: number }>();
    for (const e of chosen) {
      const key = `${e.period}:${e.country}`;
      const group = groups.get(key) ?? { start: e.start, end: e.end, country: e.country, data: 0, voice: 0, sms: 0 };
      group.start = Math.min(group.start, e.start);
      group.end = Math.max(group.end, e.end);
      group.data += e.data;
      group.voice += e.voice;
      group.sms += e.sms;
      groups.set(key, group);
    }
    return [...groups.values()].map((g) => record(id, g.start, g.end, g.country, g));
  }

  #thresholds(
    state: ProjectState,
    sub: SubscriptionRecord,
    used: { data: number; voice: number; sms: number },
    at: number,
  ): void {
    const period = sub.currentPeriod;
    const plan = state.plans.get(sub.plan);
    if (!period || !plan) return;
    const addons = this.addonAllowances(state.id, sub.id);
    // Only the current period can cross a threshold: the earlier periods' marks are let go.
    const key = `${sub.id}:${period.number}`;
    const reported = state.usageThresholds.get(key) ?? new Set<string>();
    state.usageThresholds.delete(`${sub.id}:${period.number - 1}`);
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
  totals: { data: number; voice: number; sms: number },
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
