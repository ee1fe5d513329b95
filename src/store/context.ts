import type { Clock } from '../engine/clock.js';
import type { Random } from '../engine/random.js';
import type { Scheduler } from '../engine/scheduler.js';
import { Collection } from './collection.js';
import { DomainEvent } from './domain-event.js';
import { notFound } from './errors.js';
import { IdIndex } from './id-index.js';
import type { Actor, PortingSetting, ProjectSettings, ProjectSnapshot, ProjectState } from './types.js';

export interface StoreOptions {
  /** Activation setting a new project starts with. */
  activation: ProjectSettings['activation'];
  /** Open mode creates a project on first use; strict mode only knows the configured ones. */
  autoCreateProjects: boolean;
  /** Base of public URLs (QR codes), e.g. http://localhost:4020. */
  publicUrl: string;
  /** Also emit the events Gigs does not send (EXTRA_EVENT_TYPES); off by default. */
  extraEvents?: boolean;
  /** How the simulated donor answers portings in a new project (default: 4h per step). */
  porting?: PortingSetting;
}

/** By default each porting step takes 4 hours: a clean US port-in completes within a simulated day. */
export const DEFAULT_PORTING: Readonly<PortingSetting> = Object.freeze({ mode: 'delay', delayMs: 4 * 3_600_000 });

/**
 * Events the simulator can emit that are not in Gigs' event index, so production never sends them:
 * a consumer written against them would wait forever. Emitted only with `extraEvents`.
 */
export const EXTRA_EVENT_TYPES: ReadonlySet<string> = new Set(['com.gigs.user.created', 'com.gigs.user.updated']);

export type ProjectInitializer = (project: string) => void;

/**
 * State and collaborators shared by the resource stores: the projects, the injected clock, random
 * source and scheduler, and the outlet for domain events. Knows nothing of HTTP.
 */
export class StoreContext {
  readonly projects = new Map<string, ProjectState>();
  /**
   * QR tokens are global (the QR URL carries no project), so they get their own index: token -> SIM
   * id (the SIM's own string, so an entry costs no new object); the project is found by the id.
   */
  readonly qrTokens = new Map<string, string>();
  readonly #listeners: ((event: DomainEvent) => void)[] = [];
  /**
   * Who is acting. Store calls are synchronous, so a route handler sets it around its one store
   * call (see createRouter) and nothing else can interleave; outside that it is the system.
   */
  #actor: Actor | undefined;
  defaultActor: Actor = { type: 'system' };
  #quiet = false;
  initializer: ProjectInitializer = () => {};

  constructor(
    readonly clock: Clock,
    readonly random: Random,
    readonly scheduler: Scheduler,
    readonly options: StoreOptions,
  ) {}

  now(): string {
    return this.clock.nowIso();
  }

  project(id: string): ProjectState {
    const state = this.projects.get(id);
    if (!state) throw notFound('project');
    return state;
  }

  hasProject(id: string): boolean {
    return this.projects.has(id);
  }

  /** Returns the project, creating and seeding it first if it is new. */
  ensureProject(id: string): ProjectState {
    const existing = this.projects.get(id);
    if (existing) return existing;
    const state = emptyProject(id, {
      activation: { ...this.options.activation },
      porting: { ...(this.options.porting ?? DEFAULT_PORTING) },
    });
    this.projects.set(id, state);
    this.initializer(id);
    return state;
  }

  dropProject(id: string): void {
    const state = this.projects.get(id);
    if (!state) return;
    for (const sim of state.sims.values()) if (sim.qrToken) this.qrTokens.delete(sim.qrToken);
    this.projects.delete(id);
    this.scheduler.cancel((job) => job.project === id);
  }

  onEvent(listener: (event: DomainEvent) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      const at = this.#listeners.indexOf(listener);
      if (at >= 0) this.#listeners.splice(at, 1);
    };
  }

  /** Reports a change; `data` may be a function that makes it when first read (see DomainEvent). */
  emit(
    project: string,
    type: string,
    data: Record<string, unknown> | (() => Record<string, unknown>),
    previousData?: Record<string, unknown>,
  ): void {
    if (this.#listeners.length === 0 || this.#quiet) return;
    if (!this.options.extraEvents && EXTRA_EVENT_TYPES.has(type)) return;
    const event = new DomainEvent(type, project, this.#actor ?? this.defaultActor, data, previousData);
    for (const listener of this.#listeners) listener(event);
  }

  /** Runs fn without events: scenario data is there from the start, it did not happen. */
  quietly(fn: () => void): void {
    const previous = this.#quiet;
    this.#quiet = true;
    try {
      fn();
    } finally {
      this.#quiet = previous;
    }
  }

  /** Runs a synchronous fn as an actor: a request's API key, or the system for scheduled work. */
  as<T>(actor: Actor, fn: () => T): T {
    const previous = this.#actor;
    this.#actor = actor;
    try {
      return fn();
    } finally {
      this.#actor = previous;
    }
  }

  snapshotProject(state: ProjectState): ProjectSnapshot {
    return {
      id: state.id,
      settings: structuredClone(state.settings),
      users: state.users.toJSON(),
      addresses: state.addresses.toJSON(),
      plans: state.plans.toJSON(),
      sims: state.sims.toJSON(),
      subscriptions: state.subscriptions.toJSON(),
      portings: state.portings.toJSON(),
      portOuts: state.portOuts.toJSON(),
    };
  }

  restoreProject(snapshot: ProjectSnapshot): void {
    const state = emptyProject(snapshot.id, snapshot.settings);
    for (const user of snapshot.users) {
      state.users.add(user);
      if (user.status !== 'deleted') state.emails.set(user.email.toLowerCase(), user.id);
    }
    for (const address of snapshot.addresses) {
      state.addresses.add(address);
      indexAddress(state, address.user, address.id);
    }
    for (const plan of snapshot.plans) state.plans.add(plan);
    for (const sim of snapshot.sims) {
      state.sims.add(sim);
      state.iccids.set(sim.iccid.toUpperCase(), sim.id);
      if (sim.qrToken) this.qrTokens.set(sim.qrToken, sim.id);
    }
    for (const sub of snapshot.subscriptions) {
      state.subscriptions.add(sub);
      if (sub.phoneNumber) state.phoneNumbers.set(sub.phoneNumber, sub.id);
      indexSubscription(state, sub.user, sub.id);
    }
    for (const porting of snapshot.portings ?? []) state.portings.add(porting);
    for (const portOut of snapshot.portOuts ?? []) state.portOuts.add(portOut);
    this.projects.set(snapshot.id, state);
  }
}

export function emptyProject(id: string, settings: ProjectSettings): ProjectState {
  return {
    id,
    settings,
    users: new Collection(),
    addresses: new Collection(),
    plans: new Collection(),
    sims: new Collection(),
    subscriptions: new Collection(),
    portings: new Collection(),
    portOuts: new Collection(),
    emails: new Map(),
    addressesByUser: new IdIndex(),
    iccids: new Map(),
    phoneNumbers: new Map(),
    subscriptionsByUser: new IdIndex(),
  };
}

export function indexAddress(state: ProjectState, user: string, address: string): void {
  state.addressesByUser.add(user, address);
}

export function indexSubscription(state: ProjectState, user: string, subscription: string): void {
  state.subscriptionsByUser.add(user, subscription);
}
