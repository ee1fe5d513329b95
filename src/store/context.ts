import type { Clock } from '../engine/clock.js';
import type { Random } from '../engine/random.js';
import type { Scheduler } from '../engine/scheduler.js';
import { PROJECT_ID_PATTERN } from '../schemas/common.js';
import { Collection } from './collection.js';
import { DomainEvent } from './domain-event.js';
import { DomainError, Messages, notFound } from './errors.js';
import { IdIndex } from './id-index.js';
import { ProjectMap } from './project-map.js';
import type { Actor, ConnectSessionRecord, PortingSetting, ProjectSettings, ProjectSnapshot, ProjectState } from './types.js';
import { addEntry, emptyUsage } from './usage.js';

export interface StoreOptions {
  /** Activation setting a new project starts with. */
  activation: ProjectSettings['activation'];
  /** Open mode creates a project on first use; strict mode only knows the configured ones. */
  autoCreateProjects: boolean;
  /** Base of public URLs (QR codes), e.g. http://localhost:4020. */
  publicUrl: string;
  /** Also emit the events Gigs does not send (EXTRA_EVENT_TYPES); off by default. */
  extraEvents?: boolean;
  /** Strict mode: the projects the configured keys name (the only ones requests may use). */
  configuredProjects?: ReadonlySet<string>;
  /** Open mode: how many projects may exist at once (0: no limit). */
  maxProjects?: number;
  /** Open mode, at the limit: refuse a new project (`none`) or drop the least recently used (`lru`). */
  eviction?: 'none' | 'lru';
  /** How the simulated donor answers portings in a new project (default: 4h per step). */
  porting?: PortingSetting;
  /** Base URL of the simulated Connect pages; default `<publicUrl>/connect`. */
  connectUrl?: string | undefined;
  /** How long a Connect Session's url token works (default 1h). */
  connectSessionTtlMs?: number;
  /** How long a user token from a Connect Session works (default 1h). */
  userTokenTtlMs?: number;
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
  readonly projects = new ProjectMap();
  /**
   * QR tokens are global (the QR URL carries no project), so they get their own index: token -> SIM
   * id (the SIM's own string, so an entry costs no new object); the project is found by the id.
   */
  readonly qrTokens = new Map<string, string>();
  /**
   * Connect Sessions are reached without a project (the Connect URL and the embeds' token carry
   * none): session id -> project, and token hash (url secret, user token, browser cookie) -> session id.
   */
  readonly connectSessionProjects = new Map<string, string>();
  readonly connectTokens = new Map<string, string>();
  readonly #listeners: ((event: DomainEvent) => void)[] = [];
  /**
   * Who is acting. Store calls are synchronous, so a route handler sets it around its one store
   * call (see createRouter) and nothing else can interleave; outside that it is the system.
   */
  #actor: Actor | undefined;
  defaultActor: Actor = { type: 'system' };
  #quiet = false;
  initializer: ProjectInitializer = () => {};
  /** Told when a project is dropped to make room for a new one (its faults and events go too). */
  onEvicted: (project: string) => void = () => {};
  /** Projects by last use, least recent first (kept only with `eviction: 'lru'`). */
  readonly #recent = new Map<string, true>();

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
    if (this.#lru) this.#recent.set(id, true);
    this.initializer(id);
    return state;
  }

  /**
   * The project a request (or a control-plane call) names. Strict mode knows only the configured
   * projects; open mode creates a project on first use, if its id is a slug and the limit allows
   * (past it: 429 naming the option, or, with LRU eviction, the least recently used one makes room).
   */
  openProject(id: string): ProjectState {
    const existing = this.projects.get(id);
    if (existing) {
      if (this.#lru) {
        this.#recent.delete(id);
        this.#recent.set(id, true);
      }
      return existing;
    }
    this.checkProjectId(id);
    const max = this.options.maxProjects ?? 0;
    if (this.options.autoCreateProjects && max > 0 && this.projects.size >= max) {
      const oldest = this.#lru ? this.#recent.keys().next().value : undefined;
      if (oldest === undefined) throw new DomainError('rateLimited', Messages.tooManyProjects(max));
      this.dropProject(oldest);
      this.onEvicted(oldest);
    }
    return this.ensureProject(id);
  }

  /** Refuses (404) a project id no request could use, without creating anything. */
  checkProjectId(id: string): void {
    if (this.projects.has(id)) return;
    const admitted = this.options.autoCreateProjects
      ? PROJECT_ID_PATTERN.test(id)
      : (this.options.configuredProjects?.has(id) ?? false);
    if (!admitted) throw notFound('project');
  }

  get #lru(): boolean {
    return this.options.eviction === 'lru';
  }

  dropProject(id: string): void {
    this.#recent.delete(id);
    const state = this.projects.get(id);
    if (!state) return;
    for (const sim of state.sims.values()) if (sim.qrToken) this.qrTokens.delete(sim.qrToken);
    for (const session of state.connectSessions.values()) this.unindexConnectSession(session);
    this.projects.delete(id);
    this.scheduler.cancel((job) => job.project === id);
  }

  indexConnectSession(project: string, session: ConnectSessionRecord): void {
    this.connectSessionProjects.set(session.id, project);
    if (session.secretHash !== null) this.connectTokens.set(session.secretHash, session.id);
    for (const grant of session.grants) this.connectTokens.set(grant.hash, session.id);
  }

  unindexConnectSession(session: ConnectSessionRecord): void {
    this.connectSessionProjects.delete(session.id);
    if (session.secretHash !== null) this.connectTokens.delete(session.secretHash);
    for (const grant of session.grants) this.connectTokens.delete(grant.hash);
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
      subscriptionAddons: state.subscriptionAddons.toJSON(),
      devices: state.devices.toJSON(),
      subscriptionChanges: state.subscriptionChanges.toJSON(),
      usage: [...state.usage].flatMap(([subscription, usage]) =>
        [...usage.entries.values()].map((e) => ({ subscription, ...e })),
      ),
      portings: state.portings.toJSON(),
      portOuts: state.portOuts.toJSON(),
      connectSessions: state.connectSessions.toJSON(),
    };
  }

  restoreProject(snapshot: ProjectSnapshot): void {
    this.installProject(buildProject(snapshot));
  }

  /** Puts a built project in place, with the indexes that span projects (QR tokens, Connect Sessions). */
  installProject(state: ProjectState): void {
    for (const sim of state.sims.values()) if (sim.qrToken) this.qrTokens.set(sim.qrToken, sim.id);
    for (const session of state.connectSessions.values()) this.indexConnectSession(state.id, session);
    this.projects.set(state.id, state);
    if (this.#lru) this.#recent.set(state.id, true);
  }
}

/**
 * A project's state from its snapshot, with the project's own indexes; it takes the snapshot's
 * records as they are (the caller hands over objects nobody else holds).
 */
export function buildProject(snapshot: ProjectSnapshot): ProjectState {
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
  }
  for (const sub of snapshot.subscriptions) {
    state.subscriptions.add(sub);
    if (sub.phoneNumber) state.phoneNumbers.set(sub.phoneNumber, sub.id);
    indexSubscription(state, sub.user, sub.id);
  }
  for (const record of snapshot.subscriptionAddons ?? []) {
    state.subscriptionAddons.add(record);
    state.addonsBySubscription.add(record.subscription, record.id);
  }
  for (const { subscription, ...entry } of snapshot.usage ?? []) {
    const usage = state.usage.get(subscription) ?? emptyUsage();
    addEntry(usage, entry);
    state.usage.set(subscription, usage);
  }
  for (const change of snapshot.subscriptionChanges ?? []) {
    state.subscriptionChanges.add(change);
    if (change.status === 'pending') state.pendingChanges.set(change.subscription, change.id);
  }
  for (const device of snapshot.devices ?? []) {
    state.devices.add(device);
    if (device.imei) state.imeis.set(device.imei, device.id);
    for (const sim of device.sims) state.devicesBySim.set(sim, device.id);
  }
  for (const porting of snapshot.portings ?? []) state.portings.add(porting);
  for (const portOut of snapshot.portOuts ?? []) state.portOuts.add(portOut);
  for (const session of snapshot.connectSessions ?? []) state.connectSessions.add(session);
  return state;
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
    connectSessions: new Collection(),
    emails: new Map(),
    addressesByUser: new IdIndex(),
    iccids: new Map(),
    phoneNumbers: new Map(),
    subscriptionsByUser: new IdIndex(),
    subscriptionAddons: new Collection(),
    addonsBySubscription: new IdIndex(),
    devices: new Collection(),
    imeis: new Map(),
    devicesBySim: new Map(),
    subscriptionChanges: new Collection(),
    pendingChanges: new Map(),
    usage: new Map(),
    usageThresholds: new Map(),
  };
}

export function indexAddress(state: ProjectState, user: string, address: string): void {
  state.addressesByUser.add(user, address);
}

export function indexSubscription(state: ProjectState, user: string, subscription: string): void {
  state.subscriptionsByUser.add(user, subscription);
}
